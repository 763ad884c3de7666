using System.Numerics;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Node;

// Establish: peers' positions, disputed transactions, close-time agreement and the accept decision.
public sealed partial class ConsensusNode
{
    // A struct: one is stored per proposal received (about n² a round), and none of them needs a heap object.
    private readonly record struct PeerPosition(ProposalMessage Message, long ReceivedMs);

    private readonly PeerPosition?[] _positions;                     // latest position per validator index
    private readonly SortedDictionary<Hash256, Transaction> _disputed = [];
    private readonly HashSet<Hash256> _disputesCounted = []; // sets compared with ours (membership only)
    private Hash256 _disputesCountedFor;                     // the set of ours they were compared with
    private readonly GroupVotes<Hash256> _setVotes = new();  // scratch for UpdatePosition
    private readonly GroupVotes<long> _closeVotes = new();   // scratch for UpdatePosition

    private bool IsOnRound(ProposalMessage p) => p.PreviousLedger == _lclHash && p.LedgerSequence == _lclSequence + 1;

    private bool IsFresh(PeerPosition p) => _nowMs - p.ReceivedMs <= _params.ProposalFreshnessMs;

    private bool IsFreshOnRound(PeerPosition p) => IsOnRound(p.Message) && IsFresh(p);

    private void OnProposal(ProposalMessage p)
    {
        var validator = _validators.Find(p.Validator);
        if (validator is null) { Counters.Drop(DropReason.UnknownValidator); return; }
        if (validator.Index == _selfIndex) { Counters.Drop(DropReason.FromSelf); return; }
        if (p.LedgerSequence <= _validatedSequence) { Counters.Drop(DropReason.Stale); return; }
        if (p.LedgerSequence > _validatedSequence + MaxLedgersAhead) { Counters.Drop(DropReason.TooFarAhead); return; }
        if (_positions[validator.Index] is { } existing)
        {
            var e = existing.Message;
            if (p.LedgerSequence < e.LedgerSequence) { Counters.Drop(DropReason.Stale); return; }
            if (p.LedgerSequence == e.LedgerSequence && p.PreviousLedger == e.PreviousLedger)
            {
                if (p.ProposeSeq < e.ProposeSeq) { Counters.Drop(DropReason.Stale); return; }
                if (p.ProposeSeq == e.ProposeSeq)
                {
                    Counters.Drop(p.TxSetHash == e.TxSetHash && p.CloseTimeMs == e.CloseTimeMs ? DropReason.Duplicate : DropReason.Conflicting);
                    return;
                }
            }
        }
        if (!_config.MessageVerifier.Verify(validator.Key, p)) { Counters.Drop(DropReason.BadSignature); return; }

        _positions[validator.Index] = new PeerPosition(p, _nowMs);
        RefreshTallies(validator.Index);
        ShareTipProof(validator.Index, p.ValidatedSequence);
        if (!IsOnRound(p))
        {
            CheckLedgerChoice();
            return;
        }
        if (_txSets.TryGetValue(p.TxSetHash, out var set))
        {
            if (_phase == RoundPhase.Establish) AddDisputes(set);
        }
        else
        {
            FetchSet(p.TxSetHash, validator.Index);
        }
        if (!IsValidator) return;
        if (_phase == RoundPhase.Open) CheckOpenClose();
        else CheckConsensus();
    }

    /// <summary>Every transaction in exactly one of our set and <paramref name="set"/> becomes disputed.</summary>
    private void AddDisputes(TxSet set)
    {
        if (_ourSet is null || set.Hash == _ourSet.Hash) return;
        // Every proposal of a peer names its set, but comparing it with ours again adds nothing until ours changes.
        if (_disputesCountedFor != _ourSet.Hash)
        {
            _disputesCounted.Clear();
            _disputesCountedFor = _ourSet.Hash;
        }
        if (!_disputesCounted.Add(set.Hash)) return;
        foreach (var tx in set.Transactions)
            if (!_ourSet.Contains(tx.Id)) _disputed.TryAdd(tx.Id, tx);
        foreach (var tx in _ourSet.Transactions)
            if (!set.Contains(tx.Id)) _disputed.TryAdd(tx.Id, tx);
    }

    /// <summary>The dispute threshold in force: the schedule step for the round's age, measured in percent of the
    /// previous round's establish time (at least <see cref="ConsensusParameters.AvalancheMinConsensusMs"/>).</summary>
    private Share CurrentDisputeThreshold()
    {
        long baseMs = Math.Max(_prevRoundMs, _params.AvalancheMinConsensusMs);
        long agePercent = (_nowMs - _closeMs) * 100 / baseMs;
        var threshold = _params.DisputeSchedule[0].Threshold;
        foreach (var step in _params.DisputeSchedule)
            if (agePercent >= step.RoundAgePercent) threshold = step.Threshold;
        return threshold;
    }

    /// <summary>Re-votes every disputed transaction and the close time; proposes again if the position changed.</summary>
    private void UpdatePosition()
    {
        if (_phase != RoundPhase.Establish || _ourSet is null) return;
        var selfPower = _validators.PowerOf(_selfIndex);
        var threshold = CurrentDisputeThreshold();
        bool changed = false;

        // One pass over the positions, not one per disputed transaction: the fresh on-round validators counted per
        // group, for each transaction set they propose (when we hold it) and for each close time.
        _setVotes.Clear();
        _closeVotes.Clear();
        for (int i = 0; i < _positions.Length; i++)
        {
            if (_positions[i] is not { } p || !IsFreshOnRound(p)) continue;
            _closeVotes.Add(p.Message.CloseTimeMs, _validators.GroupIndexOf(i));
            if (_disputed.Count > 0 && _txSets.ContainsKey(p.Message.TxSetHash)) _setVotes.Add(p.Message.TxSetHash, _validators.GroupIndexOf(i));
        }

        var include = new List<Transaction>();
        var exclude = new HashSet<Hash256>(); // membership only
        if (_disputed.Count > 0)
        {
            BigInteger total = selfPower;
            for (int k = 0; k < _setVotes.Count; k++) total += _setVotes.PowerAt(k, _validators);
            foreach (var (id, tx) in _disputed)
            {
                bool ourVote = _ourSet.Contains(id);
                BigInteger yes = ourVote ? selfPower : BigInteger.Zero;
                for (int k = 0; k < _setVotes.Count; k++)
                    if (_txSets[_setVotes.KeyAt(k)].Contains(id)) yes += _setVotes.PowerAt(k, _validators);
                // Strictly more than the threshold: a tie keeps a transaction out, which every side computes alike.
                bool newVote = threshold.IsExceededBy(yes, total);
                if (newVote == ourVote) continue;
                changed = true;
                if (newVote) include.Add(tx);
                else exclude.Add(id);
            }
        }

        long closeTime = AgreedCloseTime(selfPower);
        if (closeTime != _ourCloseTimeMs)
        {
            _ourCloseTimeMs = closeTime;
            changed = true;
        }
        if (!changed) return;
        if (include.Count > 0 || exclude.Count > 0)
        {
            _ourSet = new TxSet(_ourSet.Transactions.Where(t => !exclude.Contains(t.Id)).Concat(include));
            _txSets[_ourSet.Hash] = _ourSet;
        }
        RecountTallies();
        Propose();
    }

    /// <summary>The close time to propose: one that at least <see cref="ConsensusParameters.CloseTimeAgreementShare"/>
    /// of the participating power proposes, else the one with the most power behind it (earliest on a tie), so
    /// every node moves towards the same value. Reads the close-time votes <see cref="UpdatePosition"/> counted.</summary>
    private long AgreedCloseTime(BigInteger selfPower)
    {
        var votes = new SortedDictionary<long, BigInteger> { [_ourCloseTimeMs] = selfPower };
        BigInteger total = selfPower;
        for (int k = 0; k < _closeVotes.Count; k++)
        {
            var power = _closeVotes.PowerAt(k, _validators);
            total += power;
            votes[_closeVotes.KeyAt(k)] = votes.GetValueOrDefault(_closeVotes.KeyAt(k)) + power;
        }
        long best = _ourCloseTimeMs;
        BigInteger bestPower = -1;
        foreach (var (time, power) in votes)
        {
            if (_params.CloseTimeAgreementShare.IsReachedBy(power, total)) return time;
            if (power > bestPower) { best = time; bestPower = power; }
        }
        return best;
    }

    /// <summary>Accepts when the validators proposing exactly our position hold at least
    /// <see cref="ConsensusParameters.AcceptShare"/> of the participating power and form a quorum; abandons the wait
    /// after <see cref="ConsensusParameters.AbandonConsensusMs"/>.</summary>
    private void CheckConsensus()
    {
        if (!IsValidator || _phase != RoundPhase.Establish || _ourSet is null) return;
        long elapsed = _nowMs - _closeMs;
        if (elapsed < _params.MinConsensusMs) return;
        // The fresh agreeing validators are a subset of the bound: without a quorum there, there is none here.
        if (!_params.Quorum.IsSatisfiedBy(_agreeingBound))
        {
            if (elapsed >= _params.AbandonConsensusMs) Accept(abandoned: true);
            return;
        }
        var participants = _validators.NewTally();
        var agreeing = _validators.NewTally();
        participants.Add(_selfIndex);
        agreeing.Add(_selfIndex);
        for (int i = 0; i < _positions.Length; i++)
        {
            if (_positions[i] is not { } p || !IsFreshOnRound(p)) continue;
            participants.Add(i);
            if (p.Message.TxSetHash == _ourSet.Hash && p.Message.CloseTimeMs == _ourCloseTimeMs) agreeing.Add(i);
        }
        bool agreed = _params.AcceptShare.IsReachedBy(agreeing.Power, participants.Power) && _params.Quorum.IsSatisfiedBy(agreeing);
        if (agreed) Accept(abandoned: false);
        else if (elapsed >= _params.AbandonConsensusMs) Accept(abandoned: true);
    }
}
