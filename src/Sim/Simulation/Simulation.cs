using System.Buffers;
using HealthLedger.Attacks.Byzantine;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Sim.Core;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Network;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Simulation;

/// <summary>
/// Runs a scenario: many production <see cref="ConsensusNode"/> cores in one process under virtual time. Every
/// message passes through the real binary codec and the modelled network; every input is charged to its node's CPU
/// in virtual time; the workload is open-loop. One root seed, split into a stream per component, makes the whole run
/// reproducible: the same scenario and seed give the same events in the same order, and the same bytes out.
/// </summary>
public sealed partial class Simulation
{
    /// <summary>Genesis close time (2026-01-01T00:00:00Z); node clocks start one second later.</summary>
    public const long GenesisTimeMs = 1_767_225_600_000;

    private const long BaseMs = GenesisTimeMs + 1_000;

    /// <summary>The event bound: a run that needs more is spinning, not simulating.</summary>
    public const long MaxEvents = 2_000_000_000;

    private abstract record Event;
    private sealed record Deliver(int To, int From, byte[] Bytes) : Event;

    /// <summary>Every delivery of one broadcast, sorted by (arrival, sequence): one queue entry that is re-scheduled at
    /// its next delivery each time it is taken (see <see cref="EventQueue{T}.Schedule(long, long, T)"/>). A proposal
    /// or validation is decoded once, and the same immutable message object goes to every recipient.</summary>
    private sealed record Fanout(int From, byte[] Bytes, ConsensusMessage? Shared, FanoutDelivery[] Deliveries, int Count) : Event
    {
        public int Next;
    }
    private sealed record Arrival(int Index) : Event;
    private sealed record Submit(int Node, TrackedTransaction Track) : Event;
    /// <summary>A node crashes. <paramref name="ClientsResubmit"/>: its clients see their connections close and send what
    /// it had not answered to the next node (the scenario's workload; a test driving the run step by step does that
    /// itself).</summary>
    private sealed record Crash(int Node, bool ClientsResubmit = false) : Event;
    private sealed record Restart(int Node) : Event;

    private readonly Scenario _scenario;
    private readonly SimRandom _clientRng;
    private readonly NetworkModel _network;
    private readonly CpuModel _cpu;
    private readonly EventQueue<Event> _queue = new();
    private readonly ValidatorSet _validators;
    private readonly ConsensusParameters _parameters;
    private readonly ClosedLedger _genesis;
    private readonly NodeConfig[] _configs;
    private readonly ConsensusNode?[] _nodes;
    private readonly WorkMeter[] _meters;
    private readonly MeteredTransactionVerifier[] _txChecks;
    private readonly Hash256[] _nodeIds;
    private readonly ValidatorGroup[] _groups;
    private readonly Dictionary<Hash256, int> _indexById = [];
    private readonly long[] _scheduledDeadlineMs;
    private readonly List<NodeEffect> _effects = [];
    private readonly long _endUs;
    private readonly long _workloadEndUs;

    /// <summary>Prepares a run of <paramref name="scenario"/> with <paramref name="seed"/> (the scenario's own seed
    /// when null). Throws <see cref="ArgumentException"/> listing every problem of an invalid scenario.</summary>
    public Simulation(Scenario scenario, ulong? seed = null)
    {
        var problems = scenario.Problems();
        if (problems.Count > 0) throw new ArgumentException("Invalid scenario: " + string.Join("; ", problems), nameof(scenario));
        _scenario = scenario;
        _answeredBySubmitter = scenario.Workload.AnsweredBy == WorkloadSpec.AnsweredBySubmitter;
        Seed = seed ?? scenario.Seed;
        var root = new SimRandom(Seed);
        _clientRng = root.Derive("clients");
        int n = scenario.NodeCount;
        _network = new NetworkModel(scenario.Network, n, root.Derive("network"));
        _cpu = new CpuModel(scenario.Cpu, n);
        _workloadEndUs = (long)(scenario.DurationSec * 1_000_000);
        _endUs = _workloadEndUs + (long)(scenario.DrainSec * 1_000_000);

        var parameters = new ConsensusParameters
        {
            Quorum = QuorumPolicy.Parse(scenario.Consensus.Quorum),
            Weights = GroupWeights.Parse(scenario.Validators.Weights),
            CloseIntervalMs = scenario.Consensus.CloseIntervalMs,
            MaxTransactionsPerLedger = scenario.Consensus.MaxTransactionsPerLedger,
            SubmissionQueueLimit = scenario.Consensus.SubmissionQueueLimit,
            SubmissionQueueMs = scenario.Consensus.SubmissionQueueMs,
        }.Validate();

        var members = new List<(SigningKey Key, ValidatorGroup Group)>();
        void Add(int count, string label, ValidatorGroup group)
        {
            for (int i = 0; i < count; i++) members.Add((SigningKey.FromLabel(SignatureSchemes.Ed25519, $"validator-{label}-{i}"), group));
        }
        Add(scenario.Validators.Generators, "generators", ValidatorGroup.Generators);
        Add(scenario.Validators.Receivers, "receivers", ValidatorGroup.Receivers);
        Add(scenario.Validators.Monitors, "monitors", ValidatorGroup.Monitors);
        _parameters = parameters;
        _validators = new ValidatorSet(members.Select(m => (m.Key.Public, m.Group)), parameters.Weights);

        Population = new Population(scenario.Workload);
        Factory = new TxFactory(scenario.Workload, Population, root.Derive("workload"));
        _arrivals = ArrivalSchedule.Plan(scenario.Workload.Arrivals, _workloadEndUs, root.Derive("arrivals"));
        int expected = ExpectedTransactions;
        _issued = new HashSet<Hash256>(expected);
        _tracks = new Dictionary<Hash256, TrackedTransaction>(expected);
        _trackOrder = new List<TrackedTransaction>(expected);
        _latency = new LatencyRecorder(expected);
        _clientCrypto = new ClientCrypto(expected);
        _genesis = ClosedLedger.Genesis(new GenesisConfig(GenesisTimeMs, Population.GenesisAccounts().ToList()));

        bool modelled = scenario.Crypto == "modelled";
        var symbols = new ModelledSignatures();
        IConsensusVerifier messageVerifier = modelled ? new ModelledConsensusVerifier(symbols) : new CachingConsensusVerifier(DirectConsensusVerifier.Instance);
        // Real signatures: the answers the second core found ahead (ClientCrypto), checked here when it has none yet.
        ISignatureVerifier txVerifier = modelled ? new ModelledTransactionVerifier(_issued) : new CachingTransactionVerifier(_clientCrypto.Verifier, expected: expected);

        var blobs = new SharedBlobs(); // every node stores every ledger: one copy of each encoding for the run
        // ...and builds the ledgers the others build: each distinct one is built once and handed to each node, which is
        // still asked each signature question of the build, so the CPU model charges every node for its own build.
        var builds = new SharedLedgerBuilds();
        var asked = new TransactionIndex(expected: expected);
        _configs = new NodeConfig[n];
        _nodes = new ConsensusNode?[n];
        _builtAt = [.. Enumerable.Range(0, n).Select(_ => new Dictionary<uint, long>())];
        _validatedAt = [.. Enumerable.Range(0, n).Select(_ => new Dictionary<uint, long>())];
        _meters = new WorkMeter[n];
        _txChecks = new MeteredTransactionVerifier[n];
        _nodeIds = new Hash256[n];
        _groups = new ValidatorGroup[n];
        InitTimers(n);
        InitSharing(n);
        _scheduledDeadlineMs = new long[n];
        _stats = new NodeStats[n];
        for (int i = 0; i < n; i++)
        {
            var (key, group) = members[i];
            _meters[i] = new WorkMeter();
            IConsensusSigner signer = modelled ? new ModelledSigner(key.Public, symbols) : new KeyConsensusSigner(key);
            _configs[i] = new NodeConfig(parameters, _validators, _genesis, new MemoryBlockStore(blobs),
                new MeteredSigner(signer, _meters[i]),
                new MeteredConsensusVerifier(messageVerifier, _meters[i]),
                _txChecks[i] = new MeteredTransactionVerifier(txVerifier, _meters[i], asked)) { Builds = builds };
            _nodeIds[i] = key.Public.Id;
            _groups[i] = group;
            _indexById[key.Public.Id] = i;
            _stats[i] = new NodeStats();
        }

        _behaviours = new IByzantineBehaviour?[n];
        _contexts = new ByzantineContext?[n];
        var adversaryRng = root.Derive("adversaries");
        foreach (var spec in scenario.Adversaries)
            foreach (int i in AdversaryNodes(spec))
            {
                _behaviours[i] = ByzantineBehaviours.Create(spec);
                _contexts[i] = new ByzantineContext(i, _nodeIds[i], _nodeIds.Where((_, j) => j != i).ToArray(), _validators,
                    _configs[i].Signer!, adversaryRng.Derive("node", i));
            }
    }

    /// <summary>The node indexes an adversary spec names: explicit indexes, or the first validators of a group.</summary>
    private IEnumerable<int> AdversaryNodes(AdversarySpec spec)
    {
        foreach (int i in spec.Nodes) yield return i;
        if (spec.Group is null) yield break;
        var group = spec.Group switch { "generators" => ValidatorGroup.Generators, "receivers" => ValidatorGroup.Receivers, _ => ValidatorGroup.Monitors };
        foreach (int i in Enumerable.Range(0, _groups.Length).Where(i => _groups[i] == group).Take(spec.Count)) yield return i;
    }

    /// <summary>True when node <paramref name="i"/> runs an adversary's behaviour (invariants are about honest nodes).</summary>
    public bool IsByzantine(int i) => _behaviours[i] is not null;

    /// <summary>The seed in force.</summary>
    public ulong Seed { get; }

    /// <summary>The workload's participants.</summary>
    public Population Population { get; }

    /// <summary>The workload's transaction factory.</summary>
    public TxFactory Factory { get; }

    /// <summary>Simulated time reached, µs.</summary>
    public long NowUs => _queue.NowUs;

    /// <summary>Simulated time the run ends at, µs.</summary>
    public long EndUs => _endUs;

    /// <summary>Events processed so far.</summary>
    public long EventsProcessed => EventCount;

    /// <summary>Runs to the end; <paramref name="onProgress"/> is called every few thousand events (from this thread).</summary>
    public SimulationResult Run(Action<Simulation>? onProgress = null)
    {
        BootAll();
        if (_arrivals.Length > 0) _queue.Schedule(SendUs(_arrivals[0]), new Arrival(0));
        foreach (var crash in _scenario.Faults.Crashes)
        {
            _queue.Schedule((long)(crash.AtMs * 1000), new Crash(crash.Node, ClientsResubmit: true));
            if (crash.RestartAtMs is { } r) _queue.Schedule((long)(r * 1000), new Restart(crash.Node));
        }
        while (TryTakeNext(_endUs, out var e, out long now))
        {
            Dispatch(e, now);
            if ((_queue.Processed & 0x3FFF) == 0) onProgress?.Invoke(this);
        }
        onProgress?.Invoke(this);
        return Finish();
    }

    /// <summary>Takes the next event due at or before <paramref name="untilUs"/> for <see cref="Dispatch"/>. A broadcast
    /// with deliveries left goes back at its next one in the same heap operation (Dispatch relies on it), so every
    /// driver of the queue — <see cref="Run"/> and the step-by-step control — must take events through here.</summary>
    private bool TryTakeNext(long untilUs, out Event e, out long now)
    {
        if (!_queue.TryPeek(untilUs, out e, out now)) return false;
        if (e is Fanout f && f.Next + 1 < f.Count) _queue.TakeAndReschedule(f.Deliveries[f.Next + 1].TimeUs, f.Deliveries[f.Next + 1].Sequence);
        else _queue.Take();
        if (_queue.Processed > MaxEvents)
            throw new InvalidOperationException($"[seed {Seed}] the simulation exceeded {MaxEvents} events: a node is spinning.");
        return true;
    }

    private void Dispatch(Event e, long now)
    {
        switch (e)
        {
            case Fanout f:
                // Run has already put the fanout back at its next delivery, if any.
                var delivery = f.Deliveries[f.Next++];
                if (f.Next == f.Count) ReturnDeliveries(f.Deliveries);
                Receive(delivery.To, f.From, f.Bytes, f.Shared, now);
                break;
            case Deliver d:
                Receive(d.To, d.From, d.Bytes, null, now);
                break;
            case Tick t:
                if (!TimerFires(t)) break;
                _scheduledDeadlineMs[t.Node] = 0; // this timer is spent: whatever the deadline is now, arm it
                Input(t.Node, now, 0, (node, ms) => node.HandleTick(ms));
                break;
            case Arrival a:
                OnArrival(a.Index);
                break;
            case Submit s:
                OnSubmit(s.Node, s.Track, now);
                break;
            case MachineTick m:
                OnMachineTick(m, now);
                break;
            case Crash c when _nodes[c.Node] is not null:
                _nodes[c.Node] = null;
                CancelTimer(c.Node);
                _scheduledDeadlineMs[c.Node] = 0;
                _cpu.Reset(c.Node, now);
                DropSharedWork(c.Node);
                _txChecks[c.Node].Forget();
                _stats[c.Node].Crashes++;
                _stats[c.Node].ReportedBeforeCrash = _stats[c.Node].Reported.Count == 0 ? 0 : _stats[c.Node].Reported.Keys.Max();
                if (c.ClientsResubmit) ResubmitUnanswered(c.Node, now);
                break;
            case Restart r when _nodes[r.Node] is null:
                Boot(r.Node, now);
                break;
        }
    }

    /// <summary>Boots every node at virtual time 0, or at its start delay (<see cref="ValidatorsSpec.StartDelaysMs"/>): until
    /// then it is down, as a crashed node is (messages to it are lost, clients send to the next node).</summary>
    private void BootAll()
    {
        var delays = _scenario.Validators.StartDelaysMs;
        for (int i = 0; i < _nodes.Length; i++)
        {
            long delayUs = delays is not null && i < delays.Count ? (long)Math.Round(delays[i] * 1000) : 0;
            if (delayUs > 0) _queue.Schedule(delayUs, new Restart(i)); // boots a node that is not up
            else Boot(i, 0);
        }
    }

    private void Boot(int i, long now)
    {
        var node = new ConsensusNode(_configs[i]);
        _nodes[i] = node;
        var stats = _stats[i];
        if (stats.Crashes > 0 && node.LastValidatedLedger.Sequence < stats.ReportedBeforeCrash)
            _lossViolations.Add($"node {i} restarted at validated ledger {node.LastValidatedLedger.Sequence} after reporting {stats.ReportedBeforeCrash} validated before it crashed");
        Input(i, now, 0, (n, ms) => n.HandleTick(ms));
    }

    /// <summary>A message arrives at node <paramref name="to"/>: its encoding <paramref name="bytes"/>, and the decoded
    /// message when the sender's broadcast was decoded once for every recipient.</summary>
    private void Receive(int to, int from, byte[] bytes, ConsensusMessage? shared, long now)
    {
        var node = _nodes[to];
        if (node is null) return;
        _stats[to].MessagesReceived++;
        _stats[to].BytesReceived += bytes.Length;
        if (_behaviours[to] is { } reader && !reader.Receive(ContextAt(to, now), _nodeIds[from], bytes, _injected))
        {
            Input(to, now, bytes.Length, (_, _) => { }); // kept from the core; the adversary's own sends still go out
            return;
        }
        if (_cpu.Sharing is not null)
        {
            ReceiveShared(to, _nodeIds[from], bytes, shared, now);
            return;
        }
        long startUs = BeginInput(to, now, out long nowMs);
        if (shared is null) node.HandleMessage(nowMs, _nodeIds[from], bytes);
        else node.HandleMessage(nowMs, _nodeIds[from], shared);
        EndInput(to, node, startUs, bytes.Length);
    }

    /// <summary>Hands one input to node <paramref name="i"/> when its CPU is free, charges the work it did, and
    /// releases its effects when that work is done.</summary>
    private void Input(int i, long arrivalUs, int bytes, Action<ConsensusNode, long> action)
    {
        if (_cpu.Sharing is not null && QueueBehindWork(i, bytes, action)) return;
        RunInput(i, arrivalUs, bytes, action);
    }

    private void RunInput(int i, long arrivalUs, int bytes, Action<ConsensusNode, long> action, int checkedNew = 0)
    {
        var node = _nodes[i]!;
        long startUs = BeginInput(i, arrivalUs, out long nowMs);
        action(node, nowMs);
        _meters[i].NewTransactions += checkedNew; // checked by the node's checker, taken in here
        EndInput(i, node, startUs, bytes);
    }

    /// <summary>What node <paramref name="i"/>'s clock reads, ms, at simulated time <paramref name="atUs"/> (its skew
    /// included).</summary>
    private long ClockMs(int i, long atUs) => BaseMs + Math.Max(0, atUs + _network.SkewUs(i)) / 1000;

    /// <summary>The first half of an input: when node <paramref name="i"/>'s CPU takes it up (returned) and the time
    /// its clock reads then (<paramref name="nowMs"/>); resets its work meter.</summary>
    private long BeginInput(int i, long arrivalUs, out long nowMs)
    {
        long startUs = _cpu.StartUs(i, arrivalUs);
        _meters[i].Reset();
        nowMs = ClockMs(i, startUs);
        return startUs;
    }

    /// <summary>The second half of an input: drains the node's effects, charges the work, and carries the effects out
    /// when it is done.</summary>
    private void EndInput(int i, ConsensusNode node, long startUs, int bytes)
    {
        var meter = _meters[i];
        _effects.Clear();
        node.DrainEffects(_effects);
        if (_behaviours[i] is { } behaviour)
        {
            // A Byzantine node: the honest core ran; the adversary decides what is actually done.
            var context = _contexts[i]!;
            context.NowMs = ClockMs(i, startUs);
            var honest = _effects.ToArray();
            _effects.Clear();
            foreach (var effect in honest) behaviour.Transform(context, effect, _effects);
            _effects.AddRange(_injected);
            _injected.Clear();
        }

        var cpu = _cpu.Spec;
        int applied = 0, stored = 0;
        foreach (var effect in _effects)
        {
            if (effect is LedgerBuiltEffect built) applied += built.Ledger.Transactions.Count;
            else if (effect is LedgerValidatedEffect validated) stored += validated.Ledger.Transactions.Count;
        }
        double serialUs = cpu.MessageUs + bytes / 1024.0 * cpu.HashUsPerKiB + meter.Signatures * cpu.SignUs + applied * cpu.ApplyUsPerTx
            + stored * cpu.StoreUsPerTx + meter.NewTransactions * cpu.ReceiveUsPerTx;
        long doneUs;
        if (_cpu.Sharing is not null)
        {
            StartSharedWork(i, startUs, serialUs, parallelUs: meter.Verifications * cpu.VerifyUs); // effects held until done
            doneUs = startUs;
        }
        else
        {
            doneUs = _cpu.Run(i, startUs, serialUs, parallelUs: meter.Verifications * cpu.VerifyUs);
            ReleaseEffects(i, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_effects), doneUs);
        }

        // Re-arm from the core's own deadline after every input (as quinn-proto's hosts poll_timeout), so a tick that
        // found nothing due can never leave the node without a timer.
        long deadlineMs = node.NextDeadlineMs;
        if (deadlineMs != _scheduledDeadlineMs[i] && _nodes[i] == node)
        {
            _scheduledDeadlineMs[i] = deadlineMs;
            if (deadlineMs != long.MaxValue)
            {
                long atUs = (deadlineMs - BaseMs) * 1000 - _network.SkewUs(i);
                ArmTimer(i, Math.Max(atUs, doneUs));
            }
            else
            {
                CancelTimer(i);
            }
        }
    }

    /// <summary>When each node first built each ledger in a round and first validated each (µs), and which ledgers held
    /// transactions.</summary>
    private readonly Dictionary<uint, long>[] _builtAt, _validatedAt;
    private readonly HashSet<uint> _withTransactions = [];

    private void NoteBuilt(int i, ClosedLedger ledger, long atUs)
    {
        _builtAt[i].TryAdd(ledger.Sequence, atUs);
        if (ledger.Transactions.Count > 0) _withTransactions.Add(ledger.Sequence);
    }

    /// <summary>Carries out node <paramref name="i"/>'s effects of one input at <paramref name="doneUs"/>, when the work
    /// that made them is done.</summary>
    private void ReleaseEffects(int i, ReadOnlySpan<NodeEffect> effects, long doneUs)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case BroadcastEffect b when _cpu.Checkers && TransactionBatchMessage.IsRelay(b.Message):
                    HoldRelay(i, b.Message, doneUs);
                    break;
                case SendEffect s:
                    if (_cpu.Checkers) FlushRelays(i, doneUs); // what the node relayed before this goes out before it
                    if (_indexById.TryGetValue(s.To, out int to)) Transmit(i, to, s.Message, doneUs);
                    break;
                case BroadcastEffect b:
                    if (_cpu.Checkers) FlushRelays(i, doneUs);
                    Broadcast(i, b.Message, doneUs);
                    break;
                case ArmTimerEffect:
                    break; // re-armed from NextDeadlineMs below, after every input
                case LedgerBuiltEffect built:
                    NoteBuilt(i, built.Ledger, doneUs);
                    break;
                case LedgerValidatedEffect v:
                    OnValidated(i, v.Ledger, doneUs);
                    break;
                case TransactionRejectedEffect r:
                    OnRejected(i, r, doneUs);
                    break;
            }
        }
    }

    /// <summary>Sends <paramref name="message"/> from <paramref name="from"/> to every other node: plans each link in
    /// node order (the same random draws and sequence numbers as one send per peer), then queues the deliveries as one
    /// <see cref="Fanout"/>.</summary>
    private void Broadcast(int from, byte[] message, long atUs)
    {
        int n = _nodes.Length;
        var stats = _stats[from];
        stats.MessagesSent += n - 1;
        stats.BytesSent += (long)message.Length * (n - 1);
        if (_packedScratch.Length < 2 * n)
        {
            _packedScratch = new long[2 * n];
            _recipientScratch = new int[2 * n];
        }
        // Each planned arrival takes the next sequence number, so its order among equal times is its planning order k.
        long firstSequence = -1;
        int count = 0;
        bool packable = true;
        for (int to = 0; to < n; to++)
        {
            if (to == from) continue;
            _arrivalScratch.Clear();
            _network.Plan(atUs, from, to, message.Length, _arrivalScratch);
            foreach (long arrival in _arrivalScratch)
            {
                if (count == _packedScratch.Length)
                {
                    Array.Resize(ref _packedScratch, 2 * count);
                    Array.Resize(ref _recipientScratch, 2 * count);
                }
                long sequence = _queue.ReserveSequence();
                if (firstSequence < 0) firstSequence = sequence;
                packable &= arrival < MaxPackedTimeUs;
                _packedScratch[count] = arrival;
                _recipientScratch[count++] = to;
            }
        }
        if (count == 0) return;

        var deliveries = RentDeliveries(count);
        if (packable && count <= PackedOrderMask)
        {
            // Sort (time, order) packed into one long: a primitive sort, much faster than a struct comparer.
            for (int k = 0; k < count; k++) _packedScratch[k] = (_packedScratch[k] << PackedOrderBits) | (long)k;
            Array.Sort(_packedScratch, 0, count);
            for (int j = 0; j < count; j++)
            {
                long key = _packedScratch[j];
                int k = (int)(key & PackedOrderMask);
                deliveries[j] = new FanoutDelivery(key >> PackedOrderBits, firstSequence + k, _recipientScratch[k]);
            }
        }
        else
        {
            for (int k = 0; k < count; k++) deliveries[k] = new FanoutDelivery(_packedScratch[k], firstSequence + k, _recipientScratch[k]);
            Array.Sort(deliveries, 0, count);
        }
        // Proposals and validations (about 2n² deliveries a round) and relayed transactions (n - 1 copies of each) go to
        // every validator: decode them once and hand every recipient the same immutable object. The kind byte says which
        // without decoding; other kinds (sets and ledgers, sent on request) are decoded by the recipient. Nothing writes
        // to a sent message's array, so a relayed transaction keeps a slice of it rather than a copy.
        var shared = message.Length > 0 && (MessageKind)message[0] is MessageKind.Proposal or MessageKind.Validation or MessageKind.Transaction or MessageKind.TransactionBatch
            && ConsensusMessage.TryDecodeOwned(message, out var decoded, out _) ? decoded : null;
        _queue.Schedule(deliveries[0].TimeUs, deliveries[0].Sequence, new Fanout(from, message, shared, deliveries, count));
    }

    // Delivery arrays by power-of-two length, reused. At saturation thousands of fanouts are in flight at once, more
    // than the shared ArrayPool keeps, so renting from it allocated an array for nearly every relayed transaction.
    private readonly Stack<FanoutDelivery[]>?[] _deliveryArrays = new Stack<FanoutDelivery[]>?[32];

    private FanoutDelivery[] RentDeliveries(int count)
    {
        int bucket = System.Numerics.BitOperations.Log2(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 8)));
        return _deliveryArrays[bucket] is { } stack && stack.TryPop(out var array) ? array : new FanoutDelivery[1 << bucket];
    }

    private void ReturnDeliveries(FanoutDelivery[] array) =>
        (_deliveryArrays[System.Numerics.BitOperations.Log2((uint)array.Length)] ??= new()).Push(array);

    private const int PackedOrderBits = 20;
    private const long PackedOrderMask = (1L << PackedOrderBits) - 1;
    private const long MaxPackedTimeUs = 1L << (63 - PackedOrderBits); // about 100 days of simulated time
    private long[] _packedScratch = [];
    private int[] _recipientScratch = [];

    private void Transmit(int from, int to, byte[] message, long atUs)
    {
        var stats = _stats[from];
        stats.MessagesSent++;
        stats.BytesSent += message.Length;
        _arrivalScratch.Clear();
        _network.Plan(atUs, from, to, message.Length, _arrivalScratch);
        foreach (long arrival in _arrivalScratch) _queue.Schedule(arrival, new Deliver(to, from, message));
    }

    /// <summary>The Byzantine context of node <paramref name="i"/> with its clock set for an input arriving at <paramref name="nowUs"/>.</summary>
    private ByzantineContext ContextAt(int i, long nowUs)
    {
        var context = _contexts[i]!;
        context.NowMs = ClockMs(i, nowUs);
        return context;
    }

    private readonly List<long> _arrivalScratch = [];
    private readonly List<NodeEffect> _injected = [];
    private readonly IByzantineBehaviour?[] _behaviours;
    private readonly ByzantineContext?[] _contexts;
}

/// <summary>One delivery of a broadcast: when it arrives, the queue sequence number it holds, and the recipient.
/// Ordered by (arrival, sequence), the queue's own order.</summary>
internal readonly record struct FanoutDelivery(long TimeUs, long Sequence, int To) : IComparable<FanoutDelivery>
{
    public int CompareTo(FanoutDelivery other)
    {
        int c = TimeUs.CompareTo(other.TimeUs);
        return c != 0 ? c : Sequence.CompareTo(other.Sequence);
    }
}
