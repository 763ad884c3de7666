using HealthLedger.Sim.Metrics;

namespace HealthLedger.Sim.Tests.Metrics;

public class BuildSpreadTests
{
    [Fact]
    public void Each_ledger_counts_once_every_node_has_it_and_each_node_lags_behind_the_first()
    {
        // Three nodes' build times in µs. Ledger 3 is missing on node 1 and ledger 4 is not counted (no transactions):
        // only ledgers 1 and 2 qualify. Ledger 1: built at 0, 10 and 30 ms → spread 30; ledger 2: 100, 100, 160 → 60.
        Dictionary<uint, long>[] times =
        [
            new() { [1] = 0, [2] = 100_000, [3] = 50_000, [4] = 0 },
            new() { [1] = 10_000, [2] = 100_000, [4] = 0 },
            new() { [1] = 30_000, [2] = 160_000, [3] = 0, [4] = 900_000 },
        ];
        var (spreads, lags) = BuildSpread.Of(times, [1, 2, 3], unitsPerMs: 1000) ?? throw new Xunit.Sdk.XunitException("no ledger qualified");
        Assert.Equal([30.0, 60.0], spreads);
        // Node 0: 0 and 0 behind; node 1: 10 and 0 (median, nearest rank of two: the lower); node 2: 30 and 60.
        Assert.Equal([0.0, 0.0, 30.0], lags);
        Assert.Null(BuildSpread.Of(times, [3, 5], 1000));
        Assert.Null(BuildSpread.Of([], [1], 1));
    }

    [Fact]
    public void The_first_validation_after_the_last_build_counts_the_ledgers_every_node_built_and_validated()
    {
        // Two nodes, ms. Ledger 1: last build 30, first validation 80 → 50. Ledger 2: last build 120, first validation
        // 110 (a quorum without the late node) → −10. Ledger 3: node 1 never validated it, so it does not count.
        Dictionary<uint, long>[] built = [new() { [1] = 0, [2] = 100, [3] = 200 }, new() { [1] = 30, [2] = 120, [3] = 210 }];
        Dictionary<uint, long>[] validated = [new() { [1] = 80, [2] = 110, [3] = 260 }, new() { [1] = 90, [2] = 130 }];
        Assert.Equal([-10.0, 50.0], BuildSpread.ValidationAfterLastBuild(built, validated, [1, 2, 3], unitsPerMs: 1) ?? []);
        Assert.Null(BuildSpread.ValidationAfterLastBuild(built, validated, [3], 1));
    }
}
