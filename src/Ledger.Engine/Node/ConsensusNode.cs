using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Merkle;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Engine.Storage.Snapshots;

namespace HealthLedger.Engine.Node;

/// <summary>
/// One node of the weighted-group RPCA protocol as a sans-I/O state machine (after rippled's Consensus and
/// quinn-proto's Connection). Inputs: <see cref="HandleMessage(long, Hash256, ReadOnlySpan{byte})"/>, <see cref="HandleTick"/>, <see cref="Submit(long, Ledger.Transaction)"/>,
/// each carrying the host's current time. Outputs: effects the host drains with <see cref="DrainEffects"/> after every
/// input (send, broadcast, ledger validated, transaction rejected, arm timer). The core reads no clock, draws no
/// randomness, starts no thread and does no I/O except through the <see cref="IBlockStore"/> it was given; it never
/// iterates a collection whose order varies between processes, so the same inputs give the same outputs.
/// <para>Rounds: open (collect transactions) → establish (signed proposals, disputes resolved by weighted vote with
/// rising thresholds, close-time agreement) → accept (build the ledger) → signed validation. A ledger is fully
/// validated when its validations satisfy the quorum policy; a node behind, restarted, or on a ledger the network
/// did not take fetches ledgers from peers and checks them by replay against the hash the validations name.</para>
/// <para>Not thread-safe: a host calls it from one thread (or one simulated node) at a time.</para>
/// </summary>
public sealed partial class ConsensusNode
{
    /// <summary>Validations and proposals further ahead of the node's validated ledger than this are dropped, bounding
    /// memory; a node further behind than this needs a fresh start from a recent checkpoint.</summary>
    public const uint MaxLedgersAhead = 4_096;

    /// <summary>Ledgers older than this many sequences below the validated one are dropped from memory (they stay in
    /// the block store, which also serves peers' requests for them). Nothing the round or catch-up does reaches below the
    /// validated ledger; the ones kept below it only spare a store read for peers a few ledgers behind. Each holds its
    /// transactions, so this bounds a node's memory: 64 kept every transaction of a 90-s run in a node's heap, and 16 every
    /// transaction of a 35-s one (4: 430-510 MB peak resident per node against 530-670 MB, docs/consensus.md).</summary>
    public const uint LedgersKeptInMemory = 4;

    private readonly NodeConfig _config;
    private readonly ConsensusParameters _params;
    private readonly ValidatedRate _validatedRate;
    private readonly ValidatorSet _validators;
    private readonly IBlockStore _store;
    private readonly IConsensusSigner? _signer;
    private readonly ISigningWatermark? _watermark;
    private readonly int _selfIndex;
    private readonly List<NodeEffect> _effects = [];
    private readonly Dictionary<Hash256, ClosedLedger> _ledgers = [];

    private ClosedLedger _lcl;
    private ClosedLedger _validated;
    // Copies of _lcl.Hash, _lcl.Sequence and _validated.Sequence, read for every message: a field, not two pointer hops into a ledger.
    private Hash256 _lclHash;
    private uint _lclSequence;
    private uint _validatedSequence;
    private bool _started;
    private long _nowMs;
    private long _armedDeadlineMs = long.MinValue;
    private long _lastTickMs = long.MinValue / 2; // when the host last ticked the node: periodic checks run from it

    /// <summary>Builds a node and restores it from <see cref="NodeConfig.Store"/>: every stored ledger after
    /// <see cref="NodeConfig.Snapshot"/> (when it checks out; otherwise after the genesis ledger) is replayed and must
    /// reproduce its stored hash (<see cref="Restore"/> says which). Throws <see cref="ArgumentException"/> for invalid
    /// parameters and <see cref="InvalidDataException"/> when the store does not replay.</summary>
    public ConsensusNode(NodeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _params = config.Parameters.Validate();
        _validatedRate = new ValidatedRate(_params.CloseIntervalMs);
        SubmissionLimit = _params.SubmissionLimit;
        _validators = config.Validators;
        if (_validators.Weights != _params.Weights)
            ThrowHelper.Argument(nameof(config), $"The validator set was built with group weights {_validators.Weights} but the parameters say {_params.Weights}.");
        _store = config.Store;
        _signer = config.Signer;
        _selfIndex = -1;
        if (_signer is not null)
        {
            var self = _validators.Find(_signer.Key.Id)
                ?? throw new ArgumentException($"The signer {_signer.Key.Id.ToShortString()} is not in the validator set.", nameof(config));
            _selfIndex = self.Index;
            _watermark = config.Watermark;
        }
        NodeId = _signer?.Key.Id ?? config.FollowerId;
        _positions = new PeerPosition?[_validators.Count];
        _onRoundBound = _validators.NewTally();
        _agreeingBound = _validators.NewTally();
        _elsewhere = new bool[_validators.Count];

        var ledger = config.Genesis;
        string? snapshotRejected = null;
        if (config.Snapshot is { } snapshot)
        {
            snapshotRejected = CheckSnapshot(snapshot, out var fromSnapshot);
            if (fromSnapshot is not null) ledger = fromSnapshot;
        }
        _ledgers[ledger.Hash] = ledger;
        // The store's ledgers are replayed one at a time, and only the window PruneLedgers keeps stays in memory as the
        // replay goes (each closed ledger holds its transactions and its version of the state), so a restart from a
        // long log needs the memory of the window, not of the chain.
        _validated = ledger;
        uint startSequence = ledger.Sequence;
        long replayedTxs = 0;
        foreach (var entry in _store.ReadFrom(ledger.Sequence + 1UL))
        {
            if (entry.Sequence != ledger.Sequence + 1UL)
                throw new InvalidDataException($"Block store starts or continues at sequence {entry.Sequence}, but the node's chain is at {ledger.Sequence}: it belongs to another network or genesis.");
            if (!ConsensusMessage.TryDecode(entry.Blob.Span, out var message, out var error) || message is not LedgerResponseMessage stored)
                throw new InvalidDataException($"Block store entry {entry.Sequence} does not decode as a ledger: {error}.");
            var replayed = Replay(ledger, stored)
                ?? throw new InvalidDataException($"Block store entry {entry.Sequence} does not replay on its parent to hash {entry.Hash.ToShortString()}: the store was written under other rules or is damaged.");
            if (replayed.Hash != entry.Hash)
                throw new InvalidDataException($"Block store entry {entry.Sequence} replays to {replayed.Hash.ToShortString()}, not the stored {entry.Hash.ToShortString()}.");
            ledger = replayed;
            replayedTxs += ledger.Transactions.Count;
            _ledgers[ledger.Hash] = ledger;
            _validated = ledger;
            PruneLedgers();
        }
        Restore = new RestoreReport(startSequence > 0 ? startSequence : null, snapshotRejected, ledger.Sequence - startSequence, replayedTxs);
        _lcl = ledger;
        _lclHash = ledger.Hash;
        _lclSequence = ledger.Sequence;
        _validatedSequence = ledger.Sequence;
        RestoreOwnValidation();
    }

    /// <summary>How the node restored itself from its store (and snapshot) when it was built.</summary>
    public RestoreReport Restore { get; }

    /// <summary>Null and the ledger to start from when <paramref name="snapshot"/> is of this network, its state hashes to
    /// its header's state root, and the store holds that very ledger (whose transactions the started ledger takes from
    /// the store); otherwise the reason it is not used.</summary>
    private string? CheckSnapshot(StateSnapshot snapshot, out ClosedLedger? ledger)
    {
        ledger = null;
        var header = snapshot.Header;
        if (snapshot.Network != _config.Genesis.Hash) return $"the snapshot is of network {snapshot.Network.ToShortString()}, not {_config.Genesis.Hash.ToShortString()}";
        if (snapshot.State.Root != header.StateRoot) return $"the snapshot's state does not hash to ledger {header.Sequence}'s state root";
        if (header.Sequence == 0 || !_store.TryGet(header.Sequence, out var entry)) return $"the block store holds no ledger {header.Sequence}";
        if (entry.Hash != header.Hash) return $"the block store's ledger {header.Sequence} is {entry.Hash.ToShortString()}, the snapshot's is {header.Hash.ToShortString()}";
        if (!ConsensusMessage.TryDecode(entry.Blob.Span, out var message, out var error) || message is not LedgerResponseMessage stored)
            return $"the block store's ledger {header.Sequence} does not decode: {error}";
        var ids = stored.Transactions.Select(t => t.Id).ToArray();
        if (stored.Header.Hash != header.Hash || ids.Length != header.TxCount || MerkleTree.Root(ids) != header.TxRoot)
            return $"the block store's ledger {header.Sequence} does not hold the transactions its header commits to";
        ledger = new ClosedLedger(header, stored.Transactions, snapshot.State);
        return null;
    }

    /// <summary>This node's id: its validator account id, or <see cref="NodeConfig.FollowerId"/>.</summary>
    public Hash256 NodeId { get; }

    /// <summary>True when the node proposes and validates.</summary>
    public bool IsValidator => _signer is not null;

    /// <summary>The ledger the current round builds on.</summary>
    public ClosedLedger LastClosedLedger => _lcl;

    /// <summary>The newest fully validated ledger (persisted in the block store).</summary>
    public ClosedLedger LastValidatedLedger => _validated;

    /// <summary>The round's phase.</summary>
    public RoundPhase Phase => _phase;

    /// <summary>Transactions waiting for a validated ledger.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Admission control: while the node holds this many unconfirmed transactions it refuses clients'
    /// submissions as <see cref="Ledger.TxResult.NodeBusy"/>. <see cref="ConsensusParameters.SubmissionLimit"/>; with
    /// <see cref="ConsensusParameters.SubmissionQueueMsInEffect"/>, while its clients' transactions in the last ledger it validated
    /// waited longer than that (<see cref="SubmissionWaitMs"/>), that many ms of the capacity its recent ledgers showed
    /// (<see cref="ValidatedTxCapacity"/>), between <see cref="ConsensusParameters.SubmissionFloor"/> and
    /// <see cref="ConsensusParameters.SubmissionLimit"/>. It changes only when a ledger is validated; a host that checks
    /// signatures before the core compares it with the pool plus what waits for its checks.</summary>
    public int SubmissionLimit { get; private set; }

    /// <summary>How long, on average, the transactions clients submitted to this node that the last ledger it validated
    /// holds waited, from their receipt by its host to that validation, ms (0 when it holds none: nothing of this node's
    /// clients waited). What this node's clients see of the network's queue.</summary>
    public long SubmissionWaitMs { get; private set; }

    /// <summary>Whether the node takes a client's submission while it holds <paramref name="unconfirmed"/> transactions
    /// (<see cref="SubmissionLimit"/>): the core asks it of its pool, a host that checks signatures first of the pool and
    /// its checks' queue.</summary>
    public bool AdmitsSubmission(long unconfirmed) => unconfirmed < SubmissionLimit;

    /// <summary>Transactions validated per second over the node's last <see cref="ValidatedRate.Ledgers"/> validated
    /// ledgers.</summary>
    public double ValidatedTxPerSecond => _validatedRate.PerSecond;

    /// <summary>The most transactions per second the node saw validated over <see cref="ValidatedRate.Ledgers"/> ledgers
    /// in its last <see cref="ValidatedRate.CapacityLedgers"/>: what the network showed it can validate, which
    /// <see cref="ConsensusParameters.SubmissionQueueMsInEffect"/> scales.</summary>
    public double ValidatedTxCapacity => _validatedRate.Capacity;

    /// <summary>Closed ledgers held in memory: those above the validated one, the validated one, and at most
    /// <see cref="LedgersKeptInMemory"/> below it (older ones are served from the block store).</summary>
    public int LedgersInMemory => _ledgers.Count;

    /// <summary>What the node dropped and did.</summary>
    public NodeCounters Counters { get; } = new();

    /// <summary>The time at which the node next wants <see cref="HandleTick"/>; <see cref="long.MaxValue"/> for never.</summary>
    public long NextDeadlineMs { get; private set; } = long.MinValue;

    /// <summary>A one-line summary of the node's view for diagnostics: its ledgers and each peer's latest position.</summary>
    public string DescribeView() =>
        $"lcl {_lcl.Sequence}:{_lcl.Hash.ToShortString()} parent {_lcl.Header.ParentHash.ToShortString()} val {_validated.Sequence} {_phase} " +
        $"{_nowMs - _roundStartMs} ms into the round, set {_ourSet?.Count.ToString() ?? "-"} (propose {_proposeSeq}), {_disputed.Count} disputed, " +
        $"set fetches [{string.Join(" ", _setFetches.Select(f => $"{f.Key.ToShortString()}:{(f.Value.Ids is null ? "ids" : $"{f.Value.Missing} missing")}x{f.Value.Attempts}"))}] positions " +
        string.Join(" ", _positions.Select((p, i) => p is not { } q ? $"{i}:-" : $"{i}:{q.Message.LedgerSequence}/{q.Message.PreviousLedger.ToShortString()}#{q.Message.ProposeSeq}{(_txSets.TryGetValue(q.Message.TxSetHash, out var set) ? $"[{set.Count}]" : "[?]")}{(IsFresh(q) ? "" : "(stale)")}")) +
        $" fetches [{string.Join(" ", _ledgerFetches.Select(f => $"{f.Value.Sequence}/{f.Key.ToShortString()}x{f.Value.Attempts}"))}]" +
        $" orphans [{string.Join(" ", _orphans.Select(o => $"{o.Value.Header.Sequence}/{o.Value.Header.Hash.ToShortString()}<-{o.Key.ToShortString()}"))}] validations " +
        string.Join(" ", _validations.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:[{string.Join(",", kv.Value.Select(v => v?.LedgerHash.ToShortString() ?? "-"))}]"));

    /// <summary>Moves every pending effect into <paramref name="into"/>, in the order they arose; returns how many.</summary>
    public int DrainEffects(List<NodeEffect> into)
    {
        int n = _effects.Count;
        into.AddRange(_effects);
        _effects.Clear();
        return n;
    }

    /// <summary>Input: the timer fired (or the host simply wants the node to look at the time).</summary>
    public void HandleTick(long nowMs)
    {
        Enter(nowMs);
        _lastTickMs = _nowMs;
        RetryFetches();
        CheckLedgerChoice();
        if (IsValidator)
        {
            if (_phase == RoundPhase.Open) CheckOpenClose();
            else
            {
                UpdatePosition();
                CheckConsensus();
                if (_phase == RoundPhase.Establish && _nowMs - _lastProposeMs >= _params.ProposeIntervalMs) Propose();
            }
            ResendValidation();
        }
        Leave();
    }

    /// <summary>Input: bytes from the peer <paramref name="from"/>. Malformed, unsigned, stale and duplicate messages are
    /// counted in <see cref="Counters"/> and otherwise ignored.</summary>
    public void HandleMessage(long nowMs, Hash256 from, ReadOnlySpan<byte> message)
    {
        Enter(nowMs);
        if (!ConsensusMessage.TryDecode(message, out var decoded, out _)) Counters.Drop(DropReason.Malformed);
        else Dispatch(from, decoded!);
        Leave();
    }

    /// <summary>Input: a message from the peer <paramref name="from"/> that the host already decoded with
    /// <see cref="ConsensusMessage.TryDecode"/>. The node treats it as immutable and keeps no claim on it beyond what it
    /// stores, so a host may hand the same decoded object to every recipient of a broadcast (the simulator does: one
    /// decode per broadcast instead of one per peer). Handled exactly as its encoding would be.</summary>
    public void HandleMessage(long nowMs, Hash256 from, ConsensusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Enter(nowMs);
        Dispatch(from, message);
        Leave();
    }

    private void Dispatch(Hash256 from, ConsensusMessage message)
    {
        switch (message)
        {
            case ProposalMessage p: OnProposal(p); break;
            case ValidationMessage v: OnValidation(v); break;
            case TransactionMessage t: OnRelayedTransaction(t.Transaction); break;
            case TransactionBatchMessage b:
                foreach (var tx in b.Transactions) OnRelayedTransaction(tx);
                break;
            case TxSetRequestMessage r: OnTxSetRequest(from, r); break;
            case TxSetResponseMessage r: OnTxSetIds(from, r); break;
            case TxSetTransactionsMessage r: OnTxSetTransactions(r); break;
            case LedgerRequestMessage r: OnLedgerRequest(from, r); break;
            case LedgerResponseMessage r: OnLedgerResponse(r); break;
            default: Debug.Fail("Every decoded message kind has a handler."); break;
        }
    }

    private void Enter(long nowMs)
    {
        // A host clock that steps back is clamped: the core's notion of time never decreases.
        _nowMs = Math.Max(_nowMs, nowMs);
        if (!_started)
        {
            _started = true;
            StartRound(_lcl);
        }
    }

    private void Leave()
    {
        long deadline = ComputeDeadline();
        NextDeadlineMs = deadline;
        if (deadline != _armedDeadlineMs && deadline != long.MaxValue)
        {
            _armedDeadlineMs = deadline;
            _effects.Add(new ArmTimerEffect(deadline));
        }
    }

    private long ComputeDeadline()
    {
        long deadline = long.MaxValue;
        // Periodic checks are due one interval after the last tick, not after the last input: measured from the input, a
        // steady stream of messages (relayed transactions arrive every few milliseconds under load) would push the
        // tick back on every one and starve the dispute schedule, re-proposals and the accept check for seconds.
        long soon = _lastTickMs + _params.TickIntervalMs;
        if (IsValidator)
        {
            deadline = _phase == RoundPhase.Open
                ? _roundStartMs + (_pending.Count > 0 ? _params.CloseIntervalMs : _params.IdleIntervalMs)
                : soon;
            if (_ourUnsettled.Count > 0)
                deadline = Math.Min(deadline, _lastValidationSentMs + _params.ValidationResendIntervalMs);
        }
        if (_ledgerFetches.Count > 0 || _setFetches.Count > 0) deadline = Math.Min(deadline, soon);
        // Never ask for a tick in the past: the host would spin.
        return deadline == long.MaxValue ? deadline : Math.Max(deadline, _nowMs + 1);
    }

    private void Send(Hash256 to, ConsensusMessage message) => _effects.Add(new SendEffect(to, message.Encode()));

    private void Broadcast(ConsensusMessage message) => _effects.Add(new BroadcastEffect(message.Encode()));

    private Hash256 NodeIdOf(int validatorIndex) => _validators[validatorIndex].Id;

    /// <summary>Replays <paramref name="ledger"/> on <paramref name="parent"/>: applies its transactions in order and
    /// closes; null unless every transaction applies and the result has the claimed hash.</summary>
    private ClosedLedger? Replay(ClosedLedger parent, LedgerResponseMessage ledger)
    {
        var header = ledger.Header;
        if (header.Sequence != parent.Sequence + 1 || header.ParentHash != parent.Hash || header.CloseTimeMs <= parent.CloseTimeMs) return null;
        var builder = new LedgerBuilder(parent, header.CloseTimeMs, _config.TransactionVerifier);
        foreach (var tx in ledger.Transactions)
            if (builder.Apply(tx) != TxResult.Applied) return null;
        var closed = builder.Close();
        return closed.Hash == header.Hash ? closed : null;
    }

    /// <summary>True when <paramref name="ledger"/> is <paramref name="ancestor"/> or descends from it through ledgers
    /// the node holds.</summary>
    private bool DescendsFrom(ClosedLedger ledger, ClosedLedger ancestor)
    {
        var current = ledger;
        while (current.Sequence > ancestor.Sequence)
        {
            if (!_ledgers.TryGetValue(current.Header.ParentHash, out var parent)) return false;
            current = parent;
        }
        return current.Hash == ancestor.Hash;
    }

    private void PruneLedgers()
    {
        if (_validated.Sequence <= LedgersKeptInMemory) return;
        uint floor = _validated.Sequence - LedgersKeptInMemory;
        // The set removed does not depend on the dictionary's order, so determinism holds.
        var old = _ledgers.Values.Where(l => l.Sequence < floor).Select(l => l.Hash).ToList();
        foreach (var h in old) _ledgers.Remove(h);
    }
}

/// <summary>Where a validating node is in its round.</summary>
public enum RoundPhase
{
    /// <summary>Collecting transactions; the ledger is not closed yet.</summary>
    Open,

    /// <summary>Closed: exchanging proposals until a transaction set and close time are agreed.</summary>
    Establish,
}
