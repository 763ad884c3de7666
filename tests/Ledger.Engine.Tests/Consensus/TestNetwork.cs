using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Node.Messages;
using HealthLedger.Engine.Storage.BlockLog;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>Faults the driver injects. All probabilities are per message; delays are uniform in [min, max]. From
/// <see cref="HealAtMs"/> (relative to the start) messages are no longer dropped or duplicated.</summary>
public sealed record FaultPlan(int DelayMinMs = 5, int DelayMaxMs = 80, double DropRate = 0, double DuplicateRate = 0,
    int CrashCount = 0, long CrashAtMs = 0, long RestartAtMs = 0, long HealAtMs = long.MaxValue);

/// <summary>The process-wide caches the driver's nodes share: each distinct signature is checked once.</summary>
public static class TestVerifiers
{
    public static CachingConsensusVerifier Messages { get; } = new(DirectConsensusVerifier.Instance);
    public static CachingTransactionVerifier Transactions { get; } = new(SignatureVerifier.Instance);
}

/// <summary>
/// A deterministic driver for a cluster of node cores: one seeded random stream, virtual time, and a queue of timed
/// events ordered by (time, insertion number). Messages get a random delay and may be dropped or duplicated; a
/// minority may crash and restart from its block store. Every failure message carries the seed.
/// </summary>
public sealed class TestNetwork
{
    public const long GenesisTimeMs = 1_767_225_600_000;

    private abstract record Event;
    private sealed record Deliver(int To, Hash256 From, byte[] Bytes, ConsensusMessage? Decoded = null) : Event;
    private sealed record Tick(int Node, long Generation) : Event;
    private sealed record SubmitTx(int Node, Transaction Tx) : Event;
    private sealed record Crash(int Node) : Event;
    private sealed record Restart(int Node) : Event;

    private readonly PriorityQueue<Event, (long, long)> _queue = new();
    private long _insertion;
    private readonly Random _random;
    private readonly FaultPlan _faults;
    private readonly NodeConfig[] _configs;
    private readonly ConsensusNode?[] _nodes;
    private readonly long[] _timerGeneration;
    private readonly Dictionary<Hash256, int> _indexById = [];
    private readonly Dictionary<Hash256, SigningKey> _keyById;
    private readonly List<NodeEffect> _scratch = [];

    private readonly long _startMs;

    public ulong Seed { get; }

    /// <summary>Decode each broadcast once and hand the same message object to every recipient (as the simulator
    /// does), instead of its bytes to each.</summary>
    public bool ShareDecodedBroadcasts { get; set; }

    /// <summary>After every input, check the node's running tallies against a recount.</summary>
    public bool CheckRunningTallies { get; set; }
    public long NowMs { get; private set; }
    public ValidatorSet Validators { get; }
    public ClosedLedger Genesis { get; }
    public IReadOnlyList<Client> Clients { get; }
    public int Count => _nodes.Length;

    /// <summary>Per node, every ledger it reported fully validated, by sequence (across restarts).</summary>
    public SortedDictionary<uint, Hash256>[] Reported { get; }

    /// <summary>Per node, transactions rejected with their result.</summary>
    public Dictionary<Hash256, TxResult?>[] Rejected { get; }

    public bool[] EverCrashed { get; }

    public TestNetwork(ulong seed, int validators, ConsensusParameters parameters, FaultPlan faults, int clients = 3)
    {
        Seed = seed;
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        _faults = faults;
        var (g, r, m) = Split(validators);
        var members = new List<(SigningKey Key, ValidatorGroup Group)>();
        for (int i = 0; i < g; i++) members.Add((SigningKey.FromLabel(SignatureSchemes.Ed25519, $"gen-{i}"), ValidatorGroup.Generators));
        for (int i = 0; i < r; i++) members.Add((SigningKey.FromLabel(SignatureSchemes.Ed25519, $"rec-{i}"), ValidatorGroup.Receivers));
        for (int i = 0; i < m; i++) members.Add((SigningKey.FromLabel(SignatureSchemes.Ed25519, $"mon-{i}"), ValidatorGroup.Monitors));
        Validators = new ValidatorSet(members.Select(x => (x.Key.Public, x.Group)), parameters.Weights);
        _keyById = members.ToDictionary(x => x.Key.Public.Id, x => x.Key);

        var clientList = Enumerable.Range(0, clients).Select(i => new Client($"client-{i}")).ToList();
        Clients = clientList;
        var accounts = clientList.Select(c => new GenesisAccount(c.Key.Public, c.Box.Scheme, c.Box.PublicKey, Role.Provider, ValidatorGroup.None)).ToList();
        Genesis = ClosedLedger.Genesis(new GenesisConfig(GenesisTimeMs, accounts));

        var byIndex = members.OrderBy(x => x.Key.Public.Id).ToArray();
        _configs = new NodeConfig[validators];
        _nodes = new ConsensusNode?[validators];
        _timerGeneration = new long[validators];
        Reported = new SortedDictionary<uint, Hash256>[validators];
        Rejected = new Dictionary<Hash256, TxResult?>[validators];
        EverCrashed = new bool[validators];
        for (int i = 0; i < validators; i++)
        {
            _configs[i] = new NodeConfig(parameters, Validators, Genesis, new MemoryBlockStore(), new KeyConsensusSigner(byIndex[i].Key),
                TestVerifiers.Messages, TestVerifiers.Transactions) { Watermark = new MemorySigningWatermark() };
            _indexById[byIndex[i].Key.Public.Id] = i;
            Reported[i] = [];
            Rejected[i] = [];
        }
        NowMs = _startMs = GenesisTimeMs + 1_000;
        for (int i = 0; i < validators; i++) Boot(i);

        if (faults.CrashCount > 0)
        {
            // Crash a random minority, never more than asked.
            var victims = Enumerable.Range(0, validators).OrderBy(_ => _random.Next()).Take(faults.CrashCount).ToList();
            foreach (var v in victims)
            {
                Schedule(NowMs + faults.CrashAtMs + _random.Next(0, 1000), new Crash(v));
                Schedule(NowMs + faults.RestartAtMs + _random.Next(0, 1000), new Restart(v));
            }
        }
    }

    public static (int G, int R, int M) Split(int n) => n switch
    {
        4 => (2, 1, 1),
        7 => (3, 2, 2),
        16 => (6, 5, 5),
        _ => (n - 2 * (n / 3), n / 3, n / 3),
    };

    public ConsensusNode? Node(int i) => _nodes[i];

    /// <summary>The signing key of the validator at <paramref name="index"/> of <see cref="Validators"/>: for tests
    /// that speak as a peer.</summary>
    public SigningKey ValidatorKey(int index) => _keyById[Validators[index].Id];

    public IBlockStore Store(int i) => _configs[i].Store;

    private void Boot(int i)
    {
        var node = new ConsensusNode(_configs[i]);
        _nodes[i] = node;
        // A restarted node reports again what it recovers; those must match what it reported before.
        node.HandleTick(NowMs);
        Pump(i);
    }

    private void Schedule(long atMs, Event e) => _queue.Enqueue(e, (atMs, _insertion++));

    /// <summary>Submits <paramref name="tx"/> to node <paramref name="node"/> at <paramref name="atMs"/>.</summary>
    public void SubmitAt(long atMs, int node, Transaction tx) => Schedule(atMs, new SubmitTx(node, tx));

    /// <summary>Runs until <paramref name="untilMs"/> or the event bound, whichever comes first.</summary>
    public void RunUntil(long untilMs, int maxEvents = 2_000_000)
    {
        int events = 0;
        while (_queue.TryPeek(out var e, out var key) && key.Item1 <= untilMs)
        {
            Assert.True(++events <= maxEvents, $"[seed {Seed}] the driver exceeded {maxEvents} events: a node is spinning.");
            _queue.Dequeue();
            NowMs = Math.Max(NowMs, key.Item1);
            switch (e)
            {
                case Deliver d when _nodes[d.To] is { } n:
                    if (d.Decoded is null) n.HandleMessage(NowMs, d.From, d.Bytes);
                    else n.HandleMessage(NowMs, d.From, d.Decoded);
                    Pump(d.To);
                    break;
                case Tick t when _nodes[t.Node] is { } n && t.Generation == _timerGeneration[t.Node]:
                    n.HandleTick(NowMs);
                    Pump(t.Node);
                    break;
                case SubmitTx s:
                    // A client whose node is down gets a refused connection and tries the next node.
                    int target = Enumerable.Range(0, Count).Select(k => (s.Node + k) % Count).FirstOrDefault(k => _nodes[k] is not null, -1);
                    if (target < 0) break;
                    _nodes[target]!.Submit(NowMs, s.Tx);
                    Pump(target);
                    break;
                case Crash c:
                    _nodes[c.Node] = null;
                    EverCrashed[c.Node] = true;
                    _timerGeneration[c.Node]++;
                    break;
                case Restart r when _nodes[r.Node] is null:
                    Boot(r.Node);
                    break;
            }
        }
        NowMs = Math.Max(NowMs, untilMs);
    }

    private void Pump(int i)
    {
        var node = _nodes[i]!;
        if (CheckRunningTallies && node.RunningTalliesProblem() is { } problem)
            Assert.Fail($"[seed {Seed}] node {i}: {problem}");
        _scratch.Clear();
        node.DrainEffects(_scratch);
        foreach (var effect in _scratch)
        {
            switch (effect)
            {
                case SendEffect s:
                    Transmit(i, _indexById[s.To], s.Message);
                    break;
                case BroadcastEffect b:
                    ConsensusMessage? decoded = null;
                    if (ShareDecodedBroadcasts) Assert.True(ConsensusMessage.TryDecode(b.Message, out decoded, out _), "A node broadcasts only well-formed messages.");
                    for (int j = 0; j < _nodes.Length; j++)
                        if (j != i) Transmit(i, j, b.Message, decoded);
                    break;
                case ArmTimerEffect a:
                    Schedule(a.DeadlineMs, new Tick(i, ++_timerGeneration[i]));
                    break;
                case LedgerValidatedEffect v:
                    if (Reported[i].TryGetValue(v.Ledger.Sequence, out var before))
                        Assert.True(before == v.Ledger.Hash, $"[seed {Seed}] node {i} reported ledger {v.Ledger.Sequence} validated as {before.ToShortString()} and later as {v.Ledger.Hash.ToShortString()}");
                    Reported[i][v.Ledger.Sequence] = v.Ledger.Hash;
                    break;
                case TransactionRejectedEffect r:
                    Rejected[i][r.TxId] = r.Result;
                    break;
            }
        }
    }

    private void Transmit(int from, int to, byte[] bytes, ConsensusMessage? decoded = null)
    {
        bool healed = NowMs >= _startMs + _faults.HealAtMs;
        if (!healed && _faults.DropRate > 0 && _random.NextDouble() < _faults.DropRate) return;
        int copies = !healed && _faults.DuplicateRate > 0 && _random.NextDouble() < _faults.DuplicateRate ? 2 : 1;
        for (int c = 0; c < copies; c++)
            Schedule(NowMs + _random.Next(_faults.DelayMinMs, _faults.DelayMaxMs + 1), new Deliver(to, _configs[from].Signer!.Key.Id, bytes, decoded));
    }

    /// <summary>Agreement: no two nodes reported different ledgers at one sequence, and each store holds exactly what
    /// its node reported, as one hash-linked chain from genesis.</summary>
    public void AssertAgreement()
    {
        var first = new Dictionary<uint, (int Node, Hash256 Hash)>();
        for (int i = 0; i < Count; i++)
        {
            foreach (var (seq, hash) in Reported[i])
            {
                if (first.TryGetValue(seq, out var f))
                    Assert.True(f.Hash == hash, $"[seed {Seed}] agreement violated at ledger {seq}: node {f.Node} validated {f.Hash.ToShortString()}, node {i} validated {hash.ToShortString()}");
                else first[seq] = (i, hash);
            }
            var stored = Store(i).ReadAll().ToList();
            Assert.True(stored.Count == Reported[i].Count, $"[seed {Seed}] node {i} stored {stored.Count} ledgers but reported {Reported[i].Count}");
            foreach (var e in stored)
                Assert.True(Reported[i].TryGetValue((uint)e.Sequence, out var h) && h == e.Hash, $"[seed {Seed}] node {i} stored ledger {e.Sequence} it never reported");
        }
    }

    /// <summary>Validity: replaying the longest validated chain from genesis applies every transaction (signature,
    /// registered key, sequence and every rule pass), and the forbidden transactions never appear.</summary>
    public void AssertValidity(IReadOnlySet<Hash256> forbidden)
    {
        var node = Enumerable.Range(0, Count).Where(i => _nodes[i] is not null).MaxBy(i => Reported[i].Count);
        var ledger = Genesis;
        foreach (var entry in Store(node).ReadAll())
        {
            Assert.True(HealthLedger.Engine.Node.Messages.ConsensusMessage.TryDecode(entry.Blob.Span, out var m, out _), $"[seed {Seed}] stored ledger {entry.Sequence} decodes");
            var response = (HealthLedger.Engine.Node.Messages.LedgerResponseMessage)m!;
            var builder = new LedgerBuilder(ledger, response.Header.CloseTimeMs, SignatureVerifier.Instance);
            foreach (var tx in response.Transactions)
            {
                Assert.False(forbidden.Contains(tx.Id), $"[seed {Seed}] invalid transaction {tx} was committed in ledger {entry.Sequence}");
                var result = builder.Apply(tx);
                Assert.True(result == TxResult.Applied, $"[seed {Seed}] committed transaction {tx} does not apply on its parent: {result}");
            }
            ledger = builder.Close();
            Assert.True(ledger.Hash == entry.Hash, $"[seed {Seed}] ledger {entry.Sequence} does not replay to its hash");
        }
    }

    /// <summary>The transaction ids in node <paramref name="i"/>'s validated ledgers.</summary>
    public HashSet<Hash256> CommittedAt(int i)
    {
        var ids = new HashSet<Hash256>();
        foreach (var e in Store(i).ReadAll())
        {
            HealthLedger.Engine.Node.Messages.ConsensusMessage.TryDecode(e.Blob.Span, out var m, out _);
            foreach (var tx in ((HealthLedger.Engine.Node.Messages.LedgerResponseMessage)m!).Transactions) ids.Add(tx.Id);
        }
        return ids;
    }

    public string Describe() =>
        string.Join("; ", Enumerable.Range(0, Count).Select(i => _nodes[i] is { } n
            ? $"n{i}: lcl {n.LastClosedLedger.Sequence} val {n.LastValidatedLedger.Sequence} {n.Phase} pend {n.PendingCount} [{n.Counters}] switches {n.Counters.LedgerSwitches} abandoned {n.Counters.AbandonedRounds}"
            : $"n{i}: down"));
}

/// <summary>A client account from genesis that signs transactions with consecutive sequence numbers.</summary>
public sealed class Client(string name)
{
    public SigningKey Key { get; } = SigningKey.FromLabel(SignatureSchemes.Ed25519, name);
    public BoxKeyPair Box { get; } = BoxKeyPair.FromLabel(BoxScheme.X25519, name);
    public Hash256 Id => Key.Public.Id;
    public ulong NextSequence { get; set; }

    public Transaction Notarize(int n) =>
        Transaction.Create(Key, Id, NextSequence++, new Notarize(Hash256.Compute(BitConverter.GetBytes(n)), [(byte)n]));

    /// <summary>Signed by another key than the sender's: must be rejected (wrong key).</summary>
    public Transaction Forged(int n, SigningKey impostor) =>
        Transaction.Create(impostor, Id, NextSequence, new Notarize(Hash256.Compute(BitConverter.GetBytes(-n)), []));
}
