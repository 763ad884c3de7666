using System.Net;
using System.Net.Sockets;
using HealthLedger.Engine.Client;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Engine.Node;
using HealthLedger.Sim.Workload;
using SimulationHost = HealthLedger.Sim.Simulation.Simulation;

namespace HealthLedger.Sim.Tests.Conformance;

/// <summary>
/// The conformance harness over real TCP on 127.0.0.1: one <see cref="NodeRuntime"/> per validator in this process,
/// each built from a node file exactly as <c>healthledger node</c> builds it (file block store and signing watermark
/// in its own data directory), clients over <see cref="TcpLedgerClient"/>. Every dialled validator link passes through a
/// <see cref="PartitionProxy"/>, which is how partitions are made. A crash stops the runtime at once and closes its
/// files; a restart builds a new runtime from the same directory (real SIGKILL is the cluster runner's business).
/// </summary>
public sealed class LoopbackHarness : IConsensusHarness
{
    private readonly ClusterShape _shape;
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"hl-conformance-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly NodeFile[] _files;
    private readonly NodeRuntime?[] _runtimes;
    private readonly NodeConfig?[] _configs;
    private readonly TcpLedgerClient?[] _clients;
    private readonly IPEndPoint[] _endPoints;
    private readonly Dictionary<(int From, int To), PartitionProxy> _proxies = [];
    private readonly SortedDictionary<uint, Hash256>[] _reported;
    private readonly List<string> _conflicts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _submitting = [];
    private readonly ClosedLedger _genesis;

    public LoopbackHarness(ClusterShape shape)
    {
        _shape = shape;
        int n = shape.Validators;
        var (g, r, m) = shape.Split;
        var members = new List<(string Label, ValidatorGroup Group)>();
        for (int i = 0; i < g; i++) members.Add(($"validator-generators-{i}", ValidatorGroup.Generators));
        for (int i = 0; i < r; i++) members.Add(($"validator-receivers-{i}", ValidatorGroup.Receivers));
        for (int i = 0; i < m; i++) members.Add(($"validator-monitors-{i}", ValidatorGroup.Monitors));
        var keys = members.Select(x => SigningKey.FromLabel(SignatureSchemes.Ed25519, x.Label).Public).ToArray();
        _endPoints = HealthLedger.Engine.Net.LoopbackPorts.Take(n);
        // The smaller node id dials; its peer address for the other is a proxy in front of the other's listener.
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j && keys[i].Id < keys[j].Id) _proxies[(i, j)] = new PartitionProxy(_endPoints[j]);
        var workload = SimulatedHarness.Workload;
        var genesis = new GenesisSpec
        {
            LabelledAccounts = [new("patient", workload.Patients, Role.Patient), new("provider", workload.Providers, Role.Provider), new("insurer", workload.Insurers, Role.Insurer)],
        };
        _files = new NodeFile[n];
        for (int i = 0; i < n; i++)
        {
            _files[i] = new NodeFile
            {
                Key = new KeySpec { Label = members[i].Label },
                Group = members[i].Group,
                Listen = _endPoints[i].ToString(),
                DataDirectory = Path.Combine(_root, $"n{i}"),
                Peers = Enumerable.Range(0, n).Where(j => j != i).Select(j => new PeerSpec
                {
                    Address = (_proxies.TryGetValue((i, j), out var proxy) ? proxy.EndPoint : _endPoints[j]).ToString(),
                    PublicKey = NodeFile.FormatKey(keys[j]),
                    Group = members[j].Group,
                }).ToList(),
                Consensus = new ConsensusFileSpec { Quorum = shape.Quorum, Weights = shape.Weights, CloseIntervalMs = shape.CloseIntervalMs },
                Genesis = genesis,
            };
            var problems = _files[i].Problems();
            if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        }
        _genesis = _files[0].GenesisLedger();
        var simulatorGenesis = ClosedLedger.Genesis(new GenesisConfig(SimulationHost.GenesisTimeMs, new Population(workload).GenesisAccounts().ToList()));
        if (simulatorGenesis.Hash != _genesis.Hash) throw new InvalidOperationException("the node files' genesis differs from the simulator's: the two backends would run different networks");
        _runtimes = new NodeRuntime?[n];
        _configs = new NodeConfig?[n];
        _clients = new TcpLedgerClient?[n];
        _reported = Enumerable.Range(0, n).Select(_ => new SortedDictionary<uint, Hash256>()).ToArray();
        Accounts = Enumerable.Range(0, ClusterShape.Accounts).Select(i => new TestAccount($"provider-{i}")).ToArray();
    }

    public string Backend => "loopback-tcp";

    public int Count => _shape.Validators;

    public bool CanPartition => true;

    public IReadOnlyList<TestAccount> Accounts { get; }

    public IReadOnlyList<string> ReportConflicts
    {
        get
        {
            lock (_lock) return [.. _conflicts];
        }
    }

    public async Task StartAsync()
    {
        for (int i = 0; i < Count; i++) await BootAsync(i);
        bool connected = await WaitUntilAsync(() => _runtimes.All(r => r!.ConnectedPeers == Count - 1), TimeSpan.FromSeconds(20));
        if (!connected) throw new TimeoutException($"validators did not connect: peers {string.Join(",", _runtimes.Select(r => r!.ConnectedPeers))}");
    }

    private async Task BootAsync(int i)
    {
        var (config, options) = _files[i].Build();
        options = options with { ReconnectMinMs = 50, ReconnectMaxMs = 250 };
        var runtime = new NodeRuntime(config, options, null, Environment.GetEnvironmentVariable("HL_NET_LOG") is null ? null : Console.Error);
        runtime.LedgerValidated += ledger => OnValidated(i, ledger);
        _configs[i] = config;
        _runtimes[i] = runtime;
        await runtime.StartAsync();
    }

    private void OnValidated(int node, ClosedLedger ledger)
    {
        lock (_lock)
        {
            if (_reported[node].TryGetValue(ledger.Sequence, out var before) && before != ledger.Hash)
                _conflicts.Add($"node {node} reported ledger {ledger.Sequence} as {before.ToShortString()} and later as {ledger.Hash.ToShortString()}");
            _reported[node][ledger.Sequence] = ledger.Hash;
        }
    }

    public Submission Submit(int node, Transaction tx)
    {
        var submission = new Submission(tx);
        lock (_lock) _submitting.Add(Task.Run(() => SubmitLoopAsync(node, submission)));
        return submission;
    }

    private async Task SubmitLoopAsync(int node, Submission submission)
    {
        while (!_stop.IsCancellationRequested)
        {
            if (await ClientAsync(node) is { } client)
            {
                try
                {
                    var outcome = await client.SubmitAsync(submission.Tx, _stop.Token);
                    if (outcome.IsApplied) submission.Validated(outcome.LedgerSequence);
                    else submission.Rejected(outcome.Result, outcome.Result.ToString());
                    return;
                }
                catch (LedgerUnavailableException)
                {
                    // The node went away: the same transaction to the next node, as a client would.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            node = (node + 1) % Count;
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private readonly SemaphoreSlim _connecting = new(1, 1);

    private async Task<TcpLedgerClient?> ClientAsync(int node)
    {
        await _connecting.WaitAsync();
        try
        {
            if (_runtimes[node] is null) return null;
            if (_clients[node] is { IsConnected: true } c) return c;
            if (_clients[node] is { } dead) await dead.DisposeAsync();
            _clients[node] = null;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                return _clients[node] = await TcpLedgerClient.ConnectAsync(_endPoints[node], _genesis, new CachingTransactionVerifier(SignatureVerifier.Instance), null, timeout.Token);
            }
            catch (Exception e) when (e is LedgerUnavailableException or OperationCanceledException)
            {
                return null;
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!condition())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(20);
        }
        return true;
    }

    public async Task CrashAsync(int node)
    {
        if (_runtimes[node] is not { } runtime) return;
        _runtimes[node] = null;
        await runtime.DisposeAsync();
        _configs[node]!.Store.Dispose();
        _configs[node]!.Watermark.Dispose();
        _configs[node] = null;
    }

    public Task RestartAsync(int node) => _runtimes[node] is null ? BootAsync(node) : Task.CompletedTask;

    public Task PartitionAsync(IReadOnlyList<int> side)
    {
        foreach (var ((from, to), proxy) in _proxies)
            if (side.Contains(from) != side.Contains(to)) proxy.Block();
        return Task.CompletedTask;
    }

    public async Task HealAsync()
    {
        foreach (var proxy in _proxies.Values) proxy.Unblock();
        // Healed means the diallers got through again: every running node back to a full mesh.
        var up = _runtimes.Where(r => r is not null).ToList();
        if (!await WaitUntilAsync(() => up.All(r => r!.ConnectedPeers == up.Count - 1), TimeSpan.FromSeconds(15)))
            throw new TimeoutException($"links did not come back after the partition healed: peers {string.Join(",", up.Select(r => r!.ConnectedPeers))}");
    }

    public bool IsUp(int node) => _runtimes[node] is not null;

    public IReadOnlyDictionary<uint, Hash256> Reported(int node)
    {
        lock (_lock) return new SortedDictionary<uint, Hash256>(_reported[node]);
    }

    public async Task<IReadOnlyList<LedgerView>> StoredLedgersAsync(int node)
    {
        var client = await ClientAsync(node) ?? throw new InvalidOperationException($"node {node} is not reachable");
        var views = new List<LedgerView>();
        for (uint s = 1; ; s++)
        {
            if (await client.FetchLedgerAsync(s) is not { } ledger) break;
            views.Add(new LedgerView(s, ledger.Header.Hash, ledger.Transactions.Select(t => t.Id).ToList()));
        }
        return views;
    }

    public async Task<long> LedgersFetchedAsync(int node) =>
        _runtimes[node] is { } runtime ? await runtime.InvokeAsync(n => n.Counters.LedgersFetched) : 0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var c in _clients)
            if (c is not null) await c.DisposeAsync();
        Task[] submitting;
        lock (_lock) submitting = [.. _submitting];
        await Task.WhenAll(submitting);
        for (int i = 0; i < Count; i++) await CrashAsync(i);
        foreach (var proxy in _proxies.Values) await proxy.DisposeAsync();
        _stop.Dispose();
        _connecting.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temporary directory.
        }
    }
}
