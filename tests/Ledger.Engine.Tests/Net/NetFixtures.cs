using System.Net;
using System.Net.Sockets;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Storage.BlockLog;
using HealthLedger.Engine.Tests.Consensus;

namespace HealthLedger.Engine.Tests.Net;

/// <summary>In-process loopback clusters of <see cref="NodeRuntime"/>s on 127.0.0.1, for the transport tests.</summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    /// <summary>Genesis accounts; fresh per cluster, since each tracks its next sequence number.</summary>
    public Consensus.Client[] Clients { get; } = [new("net-client-0"), new("net-client-1")];

    public List<NodeRuntime> Nodes { get; } = [];
    public List<IPEndPoint> EndPoints { get; } = [];
    public List<SigningKey> Keys { get; } = [];
    public ClosedLedger Genesis { get; }
    public ValidatorSet Validators { get; }

    /// <param name="n">Validators.</param>
    /// <param name="closeIntervalMs">The ledger close interval.</param>
    /// <param name="tune">Changes to each node's runtime options.</param>
    /// <param name="transactions">The nodes' shared transaction verifier (default <see cref="TestVerifiers.Transactions"/>).</param>
    /// <param name="consensus">Changes to the nodes' consensus parameters.</param>
    /// <param name="log">Where every node logs (it must take lines from several threads); default stderr if HL_NET_LOG is
    /// set, otherwise nowhere.</param>
    public LoopbackCluster(int n, long closeIntervalMs = 300, Func<NodeRuntimeOptions, NodeRuntimeOptions>? tune = null, CachingTransactionVerifier? transactions = null,
        Func<ConsensusParameters, ConsensusParameters>? consensus = null, TextWriter? log = null)
    {
        var parameters = new ConsensusParameters { CloseIntervalMs = closeIntervalMs, IdleIntervalMs = 2_000 };
        parameters = (consensus is null ? parameters : consensus(parameters)).Validate();
        var (g, r, _) = TestNetwork.Split(n);
        for (int i = 0; i < n; i++) Keys.Add(SigningKey.FromLabel(SignatureSchemes.Ed25519, $"net-validator-{i}"));
        Validators = new ValidatorSet(Keys.Select((k, i) => (k.Public, i < g ? ValidatorGroup.Generators : i < g + r ? ValidatorGroup.Receivers : ValidatorGroup.Monitors)), parameters.Weights);
        Genesis = ClosedLedger.Genesis(new GenesisConfig(TestNetwork.GenesisTimeMs,
            Clients.Select(c => new GenesisAccount(c.Key.Public, c.Box.Scheme, c.Box.PublicKey, Role.Provider, ValidatorGroup.None)).ToList()));
        EndPoints.AddRange(HealthLedger.Engine.Net.LoopbackPorts.Take(n));
        for (int i = 0; i < n; i++)
        {
            var config = new NodeConfig(parameters, Validators, Genesis, new MemoryBlockStore(), new KeyConsensusSigner(Keys[i]),
                TestVerifiers.Messages, transactions ?? TestVerifiers.Transactions);
            var options = new NodeRuntimeOptions
            {
                Listen = EndPoints[i],
                Key = Keys[i],
                Peers = Enumerable.Range(0, n).Where(j => j != i).Select(j => new PeerAddress(Keys[j].Public, EndPoints[j])).ToList(),
            };
            if (tune is not null) options = tune(options);
            Nodes.Add(new NodeRuntime(config, options, null, log ?? (Environment.GetEnvironmentVariable("HL_NET_LOG") is null ? null : Console.Error)));
        }
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        foreach (var node in Nodes) await node.StartAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (Nodes.Any(x => x.ConnectedPeers < Nodes.Count - 1))
        {
            Assert.True(DateTime.UtcNow < deadline, $"peers did not connect in {timeout}: {string.Join(", ", Nodes.Select(x => x.ConnectedPeers))}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until every node has validated ledger <paramref name="sequence"/>.</summary>
    public async Task WaitForValidatedAsync(uint sequence, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Nodes.Any(x => x.ValidatedSequence < sequence))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the nodes did not all validate ledger {sequence} in {timeout}: {string.Join(", ", Nodes.Select(x => x.ValidatedSequence))}");
            await Task.Delay(50);
        }
    }

    public Task<TcpLedgerClient> ClientAsync(int node) => TcpLedgerClient.ConnectAsync(EndPoints[node], Genesis, TestVerifiers.Transactions);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}

/// <summary>A node's loop blocked inside an input (an inspection) until <see cref="Release"/>: what reaches the node
/// meanwhile queues up behind it.</summary>
internal sealed class HeldLoop
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldLoop() { }

    /// <summary>The inspection: true when it was released within the bound it was held with.</summary>
    public Task<bool> Held { get; private set; } = null!;

    /// <summary>Blocks <paramref name="node"/>'s loop; returns once the loop is inside the inspection.</summary>
    public static async Task<HeldLoop> HoldAsync(NodeRuntime node, TimeSpan bound)
    {
        var hold = new HeldLoop();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hold.Held = node.InvokeAsync(_ =>
        {
            entered.SetResult();
            return hold._release.Task.Wait(bound);
        });
        await entered.Task.WaitAsync(bound);
        return hold;
    }

    /// <summary>Lets the loop go on.</summary>
    public void Release() => _release.TrySetResult();
}
