using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Node;

// The round: open → close → establish → accept, then the next round on the ledger just built.
public sealed partial class ConsensusNode
{
    private RoundPhase _phase = RoundPhase.Open;
    private long _roundStartMs;
    private long _closeMs;
    private long _prevRoundMs;
    private TxSet? _ourSet;
    private long _ourCloseTimeMs;
    private uint _proposeSeq;
    private long _lastProposeMs;

    /// <summary>Starts a round on <paramref name="parent"/>, abandoning any round in progress.</summary>
    private void StartRound(ClosedLedger parent)
    {
        Debug.Assert(DescendsFrom(parent, _validated), "A round always builds on the validated chain.");
        _lcl = parent;
        _lclHash = parent.Hash;
        _lclSequence = parent.Sequence;
        _phase = RoundPhase.Open;
        _roundStartMs = _nowMs;
        _ourSet = null;
        _proposeSeq = 0;
        _disputed.Clear();
        _disputesCounted.Clear();
        RecountTallies();
        PruneTxSets();
        // Peers that closed before us: fetch their sets now so disputes can be counted as soon as we close.
        for (int i = 0; i < _positions.Length; i++)
            if (_positions[i] is { } p && IsOnRound(p.Message) && !_txSets.ContainsKey(p.Message.TxSetHash))
                FetchSet(p.Message.TxSetHash, i);
        if (IsValidator) CheckOpenClose();
    }

    /// <summary>Closes the ledger when the open phase has run its interval, or early when validators holding more
    /// than half of the power have already closed (their proposals for this round arrived).</summary>
    private void CheckOpenClose()
    {
        Debug.Assert(IsValidator, "Only validators run rounds.");
        if (_phase != RoundPhase.Open) return;
        long interval = _pending.Count > 0 ? _params.CloseIntervalMs : _params.IdleIntervalMs;
        bool due = _nowMs >= _roundStartMs + interval;
        // The fresh on-round positions are a subset of the bound: if it holds no more than half, neither do they.
        if (!due && _onRoundBound.Power * 2 > _validators.TotalPower)
        {
            var closed = _validators.NewTally();
            for (int i = 0; i < _positions.Length; i++)
                if (_positions[i] is { } p && IsFreshOnRound(p)) closed.Add(i);
            due = closed.Power * 2 > _validators.TotalPower;
        }
        if (due) CloseLedger();
    }

    private void CloseLedger()
    {
        _phase = RoundPhase.Establish;
        _closeMs = _nowMs;
        _ourSet = new TxSet(CandidateTransactions());
        _txSets[_ourSet.Hash] = _ourSet;
        long resolution = _params.CloseTimeResolutionMs;
        long rounded = (_nowMs + resolution / 2) / resolution * resolution;
        _ourCloseTimeMs = Math.Max(rounded, _lcl.CloseTimeMs + 1);
        RecountTallies();
        for (int i = 0; i < _positions.Length; i++)
            if (_positions[i] is { } p && IsOnRound(p.Message) && _txSets.TryGetValue(p.Message.TxSetHash, out var set))
                AddDisputes(set);
        Propose();
        CheckConsensus();
    }

    /// <summary>Broadcasts the node's current position with a new propose sequence (a re-send also bumps it, so
    /// peers take it as fresh rather than as a duplicate).</summary>
    private void Propose()
    {
        Debug.Assert(_signer is not null && _ourSet is not null, "Only a validator in establish proposes.");
        uint seq = _lcl.Sequence + 1;
        // Propose numbers also follow time since the parent closed, so a validator restarted within a round still
        // outnumbers the positions it sent before its crash instead of having them dropped as conflicting.
        long sinceParentMs = Math.Clamp(_nowMs - _lcl.CloseTimeMs, 0, uint.MaxValue - 1L);
        _proposeSeq = Math.Max(_proposeSeq, (uint)sinceParentMs);
        var signed = ProposalMessage.SignedBytesFor(NodeId, seq, _lcl.Hash, _proposeSeq, _ourSet.Hash, _ourCloseTimeMs, _validated.Sequence);
        var message = new ProposalMessage(NodeId, seq, _lcl.Hash, _proposeSeq, _ourSet.Hash, _ourCloseTimeMs, _validated.Sequence, _signer.Sign(signed));
        _proposeSeq++;
        _lastProposeMs = _nowMs;
        Broadcast(message);
    }

    /// <summary>Accepts the position: builds the ledger, validates it, and starts the next round on it.</summary>
    private void Accept(bool abandoned)
    {
        Debug.Assert(_phase == RoundPhase.Establish && _ourSet is not null, "Only an established position is accepted.");
        var result = _config.Builds.Build(_lcl, _ourSet, _ourCloseTimeMs, _config.TransactionVerifier);
        var ledger = result.Ledger;
        _ledgers[ledger.Hash] = ledger;
        long establishMs = _nowMs - _closeMs;
        _prevRoundMs = establishMs;
        if (abandoned) Counters.AbandonedRounds++;
        _effects.Add(new LedgerBuiltEffect(ledger, establishMs, abandoned));
        ProcessRejections(result.Rejected);
        Validate(ledger);
        StartRound(ledger);
        CheckFullValidation(ledger.Sequence);
    }
}
