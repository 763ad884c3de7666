using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;
using HealthLedger.Engine.Node;
using HealthLedger.Engine.Tests.Consensus;

namespace HealthLedger.Engine.Tests.Net;

public class StoredSignatureCheckTests
{
    [Fact]
    public async Task Stored_signatures_are_checked_once_on_all_cores_before_the_replay_and_the_chain_restores()
    {
        // A chain written by a node of a simulated network, then a real runtime restarted on that node's store.
        var parameters = ConsensusNodeTests.Fast();
        var net = new TestNetwork(5, 4, parameters, new FaultPlan(DelayMinMs: 2, DelayMaxMs: 10));
        for (int i = 0; i < 60; i++) net.SubmitAt(net.NowMs + 20 * i, i % net.Count, net.Clients[i % net.Clients.Count].Notarize(i));
        net.RunUntil(net.NowMs + 5_000);
        var tip = net.Node(0)!.LastValidatedLedger;
        int stored = net.CommittedAt(0).Count;
        Assert.True(tip.Sequence >= 3 && stored >= 60, $"[seed {net.Seed}] the chain is too short to test: {net.Describe()}");

        var inner = new CountingVerifier();
        var cache = new CachingTransactionVerifier(inner);
        NodeRuntime.CheckStoredSignatures(net.Store(0), cache);
        Assert.Equal(stored, inner.Calls); // each stored signature checked once, on all cores

        // The core's restore replays the store and checks every signature again (it must): all of them are lookups now.
        var key = new[] { "gen-0", "gen-1", "rec-0", "mon-0" }.Select(l => SigningKey.FromLabel(SignatureSchemes.Ed25519, l))
            .Single(k => k.Public.Id == net.Node(0)!.NodeId);
        var config = new NodeConfig(parameters, net.Validators, net.Genesis, net.Store(0), new KeyConsensusSigner(key),
            TestVerifiers.Messages, cache);
        var restored = new ConsensusNode(config);
        Assert.Equal(tip.Hash, restored.LastValidatedLedger.Hash);
        Assert.Equal(stored, inner.Calls);

        // And a runtime does the check itself before it builds its core.
        var fresh = new CountingVerifier();
        var options = new NodeRuntimeOptions { Listen = LoopbackPorts.Take(1)[0], Key = key, Peers = [] };
        await using var runtime = new NodeRuntime(config with { TransactionVerifier = new CachingTransactionVerifier(fresh) }, options);
        await runtime.StartAsync();
        Assert.Equal(tip.Sequence, runtime.ValidatedSequence);
        Assert.Equal(stored, fresh.Calls);
    }
}
