using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Storage.BlockLog;

namespace HealthLedger.Engine.Node;

// Validations: signing our own (at most one per sequence), collecting peers', deciding full validation, and
// persisting the validated chain in order.
public sealed partial class ConsensusNode
{
    // Per sequence, the validation each validator (by index) signed; the first validation of a validator wins.
    // A hash map (looked up for every validation received); the few places that walk it sort the sequences first.
    private readonly Dictionary<uint, ValidationMessage?[]> _validations = [];
    // The validations that fully validated the validated tip: sent to a peer whose proposals show it is behind, so
    // that a node which lost validations to the network learns what was settled.
    private ValidationMessage[] _tipProof = [];
    private long[]? _proofSentMs;
    private ValidationMessage? _ourValidation;
    // Our validations above the validated tip. All are re-sent, not just the latest: a peer that missed an older one
    // may be held by the branch rule until it learns which ledger we validated at that sequence.
    private readonly SortedDictionary<uint, ValidationMessage> _ourUnsettled = [];
    private const int MaxValidationsResent = 64;
    private long _lastValidationSentMs;

    /// <summary>
    /// Signs and broadcasts a validation of <paramref name="ledger"/> when that cannot make this validator equivocate:
    /// never two validations at one sequence, and never a ledger on another branch than the one it last validated
    /// while that one can still gather a quorum. Both facts are read from the durable watermark, so they survive
    /// restarts. Without the branch rule a validator could validate Y at s, switch to a branch through X at s, and help
    /// validate a descendant of X: Y and X would then both count as fully validated.
    /// </summary>
    private void Validate(ClosedLedger ledger)
    {
        if (_signer is null || ledger.Sequence <= _validated.Sequence) return;
        var watermark = _watermark!;
        if (watermark.LastSignedSequence >= ledger.Sequence) return;
        if (watermark.LastSignedSequence > _validated.Sequence
            && !DescendsFrom(ledger, watermark.LastSignedSequence, watermark.LastSignedLedger)
            && !CannotWin(watermark.LastSignedSequence, watermark.LastSignedLedger))
            return;
        // The durable mark is written before the signature leaves the node.
        watermark.Advance(ledger.Sequence, ledger.Hash);
        var signed = ValidationMessage.SignedBytesFor(NodeId, ledger.Sequence, ledger.Hash);
        _ourValidation = new ValidationMessage(NodeId, ledger.Sequence, ledger.Hash, _signer.Sign(signed));
        _ourUnsettled[ledger.Sequence] = _ourValidation;
        Record(_selfIndex, _ourValidation);
        _lastValidationSentMs = _nowMs;
        Broadcast(_ourValidation);
    }

    /// <summary>True when <paramref name="ledger"/> has <paramref name="ancestorHash"/> at <paramref name="sequence"/>
    /// among the ledgers the node holds.</summary>
    private bool DescendsFrom(ClosedLedger ledger, uint sequence, Hash256 ancestorHash)
    {
        var current = ledger;
        while (current.Sequence > sequence)
        {
            if (!_ledgers.TryGetValue(current.Header.ParentHash, out var parent)) return false;
            current = parent;
        }
        return current.Sequence == sequence && current.Hash == ancestorHash;
    }

    /// <summary>True when <paramref name="ledgerHash"/> can no longer be fully validated at
    /// <paramref name="sequence"/>: the validators that have not validated another ledger there do not form a quorum.
    /// (An honest validator signs once per sequence; only validators signing twice could still revive it.)</summary>
    private bool CannotWin(uint sequence, Hash256 ledgerHash)
    {
        var possible = _validators.NewTally();
        _validations.TryGetValue(sequence, out var at);
        for (int i = 0; i < _validators.Count; i++)
            if (at is null || at[i] is not { } v || v.LedgerHash == ledgerHash) possible.Add(i);
        return !_params.Quorum.IsSatisfiedBy(possible);
    }

    /// <summary>After a restart, re-creates the validation the watermark says this validator last signed (same sequence,
    /// same ledger: signing it again is not a second validation) so it is re-sent like any unsettled validation. Peers
    /// that lost it would otherwise count this validator as a possible supporter of every ledger at that sequence,
    /// and the branch rule could keep everyone from validating on.</summary>
    private void RestoreOwnValidation()
    {
        if (_signer is null || _watermark!.LastSignedSequence <= _validated.Sequence) return;
        uint seq = _watermark.LastSignedSequence;
        var hash = _watermark.LastSignedLedger;
        _ourValidation = new ValidationMessage(NodeId, seq, hash, _signer.Sign(ValidationMessage.SignedBytesFor(NodeId, seq, hash)));
        _ourUnsettled[seq] = _ourValidation;
        Record(_selfIndex, _ourValidation);
        _lastValidationSentMs = long.MinValue / 2; // re-send at the first tick
    }

    /// <summary>Re-sends our validations above the validated tip (the oldest <see cref="MaxValidationsResent"/>), so a
    /// dropped message cannot stall the network.</summary>
    private void ResendValidation()
    {
        if (_ourUnsettled.Count == 0) return;
        if (_nowMs - _lastValidationSentMs < _params.ValidationResendIntervalMs) return;
        _lastValidationSentMs = _nowMs;
        foreach (var v in _ourUnsettled.Values.Take(MaxValidationsResent)) Broadcast(v);
    }

    private void OnValidation(ValidationMessage v)
    {
        var validator = _validators.Find(v.Validator);
        if (validator is null) { Counters.Drop(DropReason.UnknownValidator); return; }
        if (validator.Index == _selfIndex) { Counters.Drop(DropReason.FromSelf); return; }
        if (v.LedgerSequence <= _validatedSequence) { Counters.Drop(DropReason.Stale); return; }
        if (v.LedgerSequence > _validatedSequence + MaxLedgersAhead) { Counters.Drop(DropReason.TooFarAhead); return; }
        if (_validations.TryGetValue(v.LedgerSequence, out var at) && at[validator.Index] is { } known && known.LedgerHash == v.LedgerHash)
        {
            Counters.Drop(DropReason.Duplicate);
            return;
        }
        if (!_config.MessageVerifier.Verify(validator.Key, v)) { Counters.Drop(DropReason.BadSignature); return; }
        if (!Record(validator.Index, v)) { Counters.Drop(DropReason.Conflicting); return; }
        CheckFullValidation(v.LedgerSequence);
        CheckLedgerChoice();
    }

    /// <summary>Records a validation; false when the validator already validated another ledger at that sequence.</summary>
    private bool Record(int validatorIndex, ValidationMessage validation)
    {
        if (!_validations.TryGetValue(validation.LedgerSequence, out var at))
        {
            at = new ValidationMessage?[_validators.Count];
            _validations[validation.LedgerSequence] = at;
            if (validation.LedgerSequence == _lcl.Sequence) _validationsAtLcl = at;
        }
        if (at[validatorIndex] is { } existing) return existing.LedgerHash == validation.LedgerHash;
        at[validatorIndex] = validation;
        TallyValidation(validatorIndex, validation);
        return true;
    }

    /// <summary>Sends the validations behind our validated tip to a validator whose proposal says it is behind, at
    /// most once per <see cref="Consensus.ConsensusParameters.ValidationResendIntervalMs"/> per peer.</summary>
    private void ShareTipProof(int peerIndex, uint peerValidatedSequence)
    {
        if (peerValidatedSequence >= _validatedSequence || _tipProof.Length == 0) return;
        _proofSentMs ??= Enumerable.Repeat(long.MinValue / 2, _validators.Count).ToArray();
        if (_nowMs - _proofSentMs[peerIndex] < _params.ValidationResendIntervalMs) return;
        _proofSentMs[peerIndex] = _nowMs;
        var to = NodeIdOf(peerIndex);
        foreach (var v in _tipProof) Send(to, v);
    }

    /// <summary>If the validations at <paramref name="sequence"/> make a quorum for one ledger, advance the validated
    /// chain to it (fetching it, or ancestors, first when the node lacks them).</summary>
    private void CheckFullValidation(uint sequence)
    {
        if (sequence <= _validated.Sequence || !_validationTallies.TryGetValue(sequence, out var tallies)) return;
        // Power behind each ledger hash validated at the sequence, ordered by hash (kept as validations arrive).
        for (int k = 0; k < tallies.Count; k++)
        {
            var (hash, tally) = tallies[k];
            if (!_params.Quorum.IsSatisfiedBy(tally)) continue;
            if (_ledgers.TryGetValue(hash, out var ledger)) AdvanceValidated(ledger);
            else FetchLedger(sequence, hash);
            return; // with an intersecting policy at most one hash can reach a quorum; take the lowest otherwise
        }
    }

    /// <summary>Makes <paramref name="ledger"/> the validated tip: persists it and every unpersisted ancestor in order
    /// and reports each. Fetches a missing ancestor and returns if the chain is incomplete.</summary>
    private void AdvanceValidated(ClosedLedger ledger)
    {
        var chain = new List<ClosedLedger>();
        var current = ledger;
        while (current.Sequence > _validated.Sequence)
        {
            chain.Add(current);
            if (!_ledgers.TryGetValue(current.Header.ParentHash, out var parent))
            {
                FetchLedger(current.Sequence - 1, current.Header.ParentHash);
                return;
            }
            current = parent;
        }
        if (current.Hash != _validated.Hash)
        {
            // A quorum validated a ledger that forks from what this node already saw validated: the fault tolerance
            // of the policy was exceeded. Keep the persisted history; count it for the operator.
            Counters.ForksDetected++;
            return;
        }
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            var l = chain[i];
            if (!_store.TryAppendShared(l.Sequence, l.Hash)) _store.Append(l.Sequence, l.Hash, LedgerResponseMessage.For(l).EncodeTransient());
            _validated = l;
            _validatedSequence = l.Sequence;
            PrunePending(l);
            _validatedRate.Add(_nowMs, l.Transactions.Count);
            _effects.Add(new LedgerValidatedEffect(l));
        }
        if (_params.SubmissionQueueMsInEffect is { } queueMs)
            SubmissionLimit = SubmissionWaitMs <= queueMs ? _params.SubmissionLimit
                : (int)Math.Clamp(Math.Round(_validatedRate.Capacity * queueMs / 1000), _params.SubmissionFloor, _params.SubmissionLimit);
        if (_validations.TryGetValue(ledger.Sequence, out var proof))
            _tipProof = proof.Where(v => v is not null && v.LedgerHash == ledger.Hash).Select(v => v!).ToArray();
        var stale = _validations.Keys.Where(s => s <= _validated.Sequence).ToList();
        foreach (var s in stale)
        {
            _validations.Remove(s);
            _validationTallies.Remove(s);
        }
        var settled = _ourUnsettled.Keys.Where(s => s <= _validated.Sequence).ToList();
        foreach (var s in settled) _ourUnsettled.Remove(s);
        PruneLedgers();
        RecountTallies(); // the validations at the last closed sequence may be gone
        if (!DescendsFrom(_lcl, _validated))
        {
            Counters.LedgerSwitches++;
            StartRound(_validated);
        }
    }
}
