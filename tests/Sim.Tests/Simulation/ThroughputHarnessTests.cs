using HealthLedger.Sim.Throughput;

namespace HealthLedger.Sim.Tests.Simulation;

public class ThroughputHarnessTests
{
    [Theory]
    [InlineData(4, true)]
    [InlineData(7, true)]
    [InlineData(7, false)]
    public void Every_submitted_transaction_is_validated_by_every_node_and_signatures_are_checked_once(int validators, bool sharedBuilds)
    {
        var r = ConsensusThroughput.Run(validators, transactions: 400, accounts: 50, runs: 1, sharedBuilds: sharedBuilds);
        Assert.Equal(400, r.Validated);
        Assert.Equal(sharedBuilds, r.SharedBuilds);
        Assert.True(r.Ledgers >= 1);
        // Proposals and validations are signed by each validator and checked once per process, not once per node.
        Assert.InRange(r.DistinctSignatureChecks, 1, r.Ledgers * validators * 50L);
        Assert.True(r.CpuSeconds > 0 && r.WallSeconds > 0 && r.Ed25519VerifyPerSec > 0);
    }
}
