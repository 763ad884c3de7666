using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Node;

// Running tallies kept up to date as proposals and validations arrive, so that handling one message costs O(1)
// instead of a pass over every validator. With n validators a round delivers about 2n² proposals and validations;
// a pass per message made a round O(n³), which is what kept 1,000 validators out of reach.
//
// The decisions themselves are unchanged: each running tally is a superset of what the full computation would count
// (it ignores freshness, which depends on the time), and the full computation still runs whenever that bound says it
// could succeed. A bound that cannot succeed means the full computation could not either, so outcomes are identical.
public sealed partial class ConsensusNode
{
    // Validators whose latest position is on the current round, whatever its age: a bound on the fresh on-round
    // positions CheckOpenClose counts.
    private readonly VoteTally _onRoundBound;

    // This validator, plus those whose latest position is on the current round with exactly our transaction set and
    // close time, whatever its age: a bound on the agreeing tally of CheckConsensus. Quorum policies are monotone
    // (adding validators never loses a quorum), so a bound without a quorum rules the agreement out.
    private readonly VoteTally _agreeingBound;

    // Validators whose position or validation names a ledger other than the last closed one at the sequences
    // CheckLedgerChoice weighs. While there are none it can only find support for our own ledger, and does nothing.
    private readonly bool[] _elsewhere;
    private int _elsewhereCount;

    // The validations recorded at the last closed ledger's sequence (null when none): looked up once, not per message.
    private ValidationMessage?[]? _validationsAtLcl;

    // Per sequence, the validations recorded there as one tally per ledger hash, in hash order. A list: there is one
    // hash unless validators disagree, and a sorted dictionary's enumerator allocates on every check.
    private readonly Dictionary<uint, List<(Hash256 Hash, VoteTally Tally)>> _validationTallies = [];

    /// <summary>Re-derives validator <paramref name="i"/>'s membership of every running tally from its position and
    /// validation. Called whenever either changes.</summary>
    private void RefreshTallies(int i)
    {
        var position = _positions[i]?.Message;
        bool onRound = position is not null && IsOnRound(position);
        _onRoundBound.Include(i, onRound);
        bool agrees = i == _selfIndex
            || (onRound && _ourSet is not null && position!.TxSetHash == _ourSet.Hash && position.CloseTimeMs == _ourCloseTimeMs);
        _agreeingBound.Include(i, agrees);

        bool elsewhere = position is not null && position.LedgerSequence > _lclSequence && position.PreviousLedger != _lclHash;
        if (!elsewhere && i != _selfIndex && _validationsAtLcl?[i] is { } v)
            elsewhere = v.LedgerHash != _lclHash;
        if (elsewhere != _elsewhere[i])
        {
            _elsewhere[i] = elsewhere;
            _elsewhereCount += elsewhere ? 1 : -1;
        }
    }

    /// <summary>Recounts every running tally: after the last closed ledger, our position or the validations kept
    /// change (a few times per round).</summary>
    private void RecountTallies()
    {
        _validations.TryGetValue(_lcl.Sequence, out _validationsAtLcl);
        for (int i = 0; i < _validators.Count; i++) RefreshTallies(i);
        AssertTallies();
    }

    /// <summary>Counts <paramref name="validation"/> (just recorded for validator <paramref name="i"/>) in its sequence's
    /// tally per ledger hash.</summary>
    private void TallyValidation(int i, ValidationMessage validation)
    {
        if (!_validationTallies.TryGetValue(validation.LedgerSequence, out var byHash))
            _validationTallies[validation.LedgerSequence] = byHash = [];
        int at = 0;
        while (at < byHash.Count && byHash[at].Hash < validation.LedgerHash) at++;
        if (at == byHash.Count || byHash[at].Hash != validation.LedgerHash) byHash.Insert(at, (validation.LedgerHash, _validators.NewTally()));
        byHash[at].Tally.Add(i);
        if (validation.LedgerSequence == _lclSequence) RefreshTallies(i);
    }

    [Conditional("DEBUG")]
    private void AssertTallies() => Debug.Assert(RunningTalliesProblem() is null, RunningTalliesProblem());

    /// <summary>Recounts every running tally from the positions and validations held and describes the first
    /// difference, or returns null when they all agree (for tests and debug builds).</summary>
    internal string? RunningTalliesProblem()
    {
        if (!ReferenceEquals(_validationsAtLcl, _validations.GetValueOrDefault(_lclSequence)))
            return "the validations at the last closed sequence are stale";
        int elsewhereCount = 0;
        for (int i = 0; i < _validators.Count; i++)
        {
            var position = _positions[i]?.Message;
            bool onRound = position is not null && IsOnRound(position);
            if (_onRoundBound.Contains(i) != onRound) return $"validator {i}: on-round bound says {_onRoundBound.Contains(i)}, its position says {onRound}";
            bool agrees = i == _selfIndex
                || (onRound && _ourSet is not null && position!.TxSetHash == _ourSet.Hash && position.CloseTimeMs == _ourCloseTimeMs);
            if (_agreeingBound.Contains(i) != agrees) return $"validator {i}: agreeing bound says {_agreeingBound.Contains(i)}, its position says {agrees}";
            bool elsewhere = (position is not null && position.LedgerSequence > _lclSequence && position.PreviousLedger != _lclHash)
                || (i != _selfIndex && _validations.TryGetValue(_lclSequence, out var at) && at[i] is { } v && v.LedgerHash != _lclHash);
            if (_elsewhere[i] != elsewhere) return $"validator {i}: other-ledger flag says {_elsewhere[i]}, its position and validation say {elsewhere}";
            if (elsewhere) elsewhereCount++;
        }
        if (elsewhereCount != _elsewhereCount) return $"{_elsewhereCount} validators counted as naming another ledger, {elsewhereCount} do";
        foreach (var (sequence, byValidator) in _validations)
        {
            var tallies = _validationTallies.GetValueOrDefault(sequence) ?? [];
            var expected = byValidator.Where(v => v is not null).GroupBy(v => v!.LedgerHash).OrderBy(g => g.Key).ToList();
            if (tallies.Count != expected.Count) return $"sequence {sequence}: {tallies.Count} tallies for {expected.Count} ledger hashes";
            for (int k = 0; k < expected.Count; k++)
                if (tallies[k].Hash != expected[k].Key || tallies[k].Tally.Count != expected[k].Count())
                    return $"sequence {sequence}: tally {k} counts {tallies[k].Tally.Count} for {tallies[k].Hash.ToShortString()}, the validations {expected[k].Count()} for {expected[k].Key.ToShortString()}";
        }
        if (_validationTallies.Keys.Any(s => !_validations.ContainsKey(s))) return "a validation tally outlived its sequence's validations";
        return null;
    }
}
