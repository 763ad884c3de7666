using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Merkle;
using HealthLedger.Sim.Cost;
using HealthLedger.Sim.Tests.Simulation;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Cost;

public sealed class MeasuredResourcesTests
{
    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(0, 2, 1)]
    [InlineData(2, 3, 1)]
    [InlineData(0, 3, 2)]
    [InlineData(4, 5, 1)]
    [InlineData(7, 8, 3)]
    [InlineData(0, 1000, 10)]
    public void Audit_path_lengths_are_those_of_RFC_9162(int index, int size, int expected) =>
        Assert.Equal(expected, MeasuredResources.AuditPathLength(index, size));

    [Fact]
    public void Audit_path_length_matches_the_engine_proof()
    {
        var gen = Gen.Choose(1, 300).SelectMany(size => Gen.Choose(0, size - 1).Select(index => (size, index)));
        Prop.ForAll(Arb.From(gen), input =>
        {
            var leaves = Enumerable.Range(0, input.size).Select(i => Hash256.Compute(BitConverter.GetBytes(i))).ToArray();
            return MerkleTree.Prove(leaves, input.index).Length == MeasuredResources.AuditPathLength(input.index, input.size);
        }).Check(PropertyConfig.Default(seed: 7101, maxTest: 80));
    }

    [Fact]
    public void A_run_is_measured_from_its_nodes_and_ledgers()
    {
        var scenario = SmallScenarios.Lan();
        var result = new HealthLedger.Sim.Simulation.Simulation(scenario).Run();
        var m = MeasuredResources.Of(scenario, result);
        int n = result.Nodes.Count;
        Assert.Equal(scenario.DurationSec, m.MeasuredSec);
        Assert.Equal(n, m.Validators);
        Assert.Equal(48, m.Participants);
        Assert.Equal(result.Nodes.Average(x => x.CpuUs / 1e6), m.CpuSecondsPerFullNode, 1e-9);
        Assert.Equal(result.Nodes.Average(x => (double)x.StorageBytes), m.BlockLogBytesPerFullNode, 1e-6);
        Assert.Equal(result.Nodes.Average(x => (double)x.BytesSent), m.BytesSentPerFullNode, 1e-6);
        Assert.Equal(result.Nodes.Average(x => (double)x.BytesReceived), m.BytesReceivedPerFullNode, 1e-6);
        Assert.Equal(result.Ledgers.Count, m.Ledgers);
        Assert.Equal(result.Ledgers.Sum(l => (long)l.TxCount), m.ValidatedTransactions);
        Assert.Equal(116.0 * result.Ledgers.Count, m.HeaderBytesPerLightNode);
        // Every validated transaction's bytes are in the chain; a proof adds at least the index and path length.
        long txBytes = result.Chain.Skip(1).SelectMany(l => l.Transactions).Sum(t => (long)t.Encoded.Length);
        Assert.Equal(txBytes, m.TransactionBytes);
        Assert.True(m.ProofBytesPerLightNode * m.Participants >= txBytes + 5 * m.ValidatedTransactions);
        // State grows from genesis (accounts only) as records are registered; every honest node ends on the same ledger.
        Assert.True(m.GenesisStateBytes > 0);
        Assert.True(m.StateBytesPerFullNode > m.GenesisStateBytes);
        Assert.Equal(MeasuredResources.StateBytes(result.Chain[^1].State), m.StateBytesPerFullNode, 1e-6);
        Assert.True(m.RecordsRegistered > 0);
    }

    [Fact]
    public void Scaling_to_a_period_multiplies_flows_and_grows_storage_from_genesis()
    {
        var m = new MeasuredResources(MeasuredSec: 10, Validators: 4, Participants: 10, Ledgers: 5, ValidatedTransactions: 100, RecordsRegistered: 40,
            TransactionBytes: 30_000, GenesisStateBytes: 1_000, CpuSecondsPerFullNode: 0.5, BlockLogBytesPerFullNode: 31_000, StateBytesPerFullNode: 11_000,
            BytesSentPerFullNode: 200_000, BytesReceivedPerFullNode: 100_000, HeaderBytesPerLightNode: 580, ProofBytesPerLightNode: 3_500,
            CpuSecondsPerLightNode: 0.001, BytesReceivedPerLightNode: 4_080, Source: "test");
        var u = m.PerPeriod(periodSec: 1_000, fullNodes: 7, lightNodes: 3);
        Assert.Equal((7, 3), (u.FullNodes, u.LightNodes));
        Assert.Equal(50, u.CpuSecondsPerFullNode, 1e-9);
        Assert.Equal(1_000 + (31_000 + 11_000 - 1_000) * 100.0, u.StorageBytesPerFullNode, 1e-6);
        Assert.Equal(300_000 * 100.0, u.NetworkBytesPerFullNode, 1e-6);
        Assert.Equal((580 + 3_500) * 100.0, u.StorageBytesPerLightNode, 1e-6);
        Assert.Equal(0.1, u.CpuSecondsPerLightNode, 1e-9);
        Assert.Equal(4_000, m.RecordsPerPeriod(1_000), 1e-9);

        var cpu = new HealthLedger.Sim.Core.CpuSpec { MessageUs = 2, VerifyUs = 60, ApplyUsPerTx = 4, HashUsPerKiB = 0.5 };
        var c = m.CentralizedPerPeriod(1_000, servers: 2, cpu);
        Assert.Equal((2, 0), (c.FullNodes, c.LightNodes));
        Assert.Equal((10_000 * 66 + 3_000_000 / 1024.0 * 0.5) / 1e6, c.CpuSecondsPerFullNode, 1e-9);
        Assert.Equal(1_000 + (10_000 + 30_000) * 100.0, c.StorageBytesPerFullNode, 1e-6);
        Assert.Equal(3_000_000.0, c.NetworkBytesPerFullNode, 1e-6); // the primary ships 3 MB, the standby receives 3 MB: 3 MB a server
    }
}
