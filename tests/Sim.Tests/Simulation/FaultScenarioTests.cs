using HealthLedger.Sim.Network;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;

namespace HealthLedger.Sim.Tests.Simulation;

public class FaultScenarioTests
{
    [Fact]
    public void A_crashed_minority_restarts_from_its_block_store_without_losing_validated_ledgers()
    {
        var scenario = SmallScenarios.Lan(generators: 3, receivers: 2, monitors: 2, durationSec: 12) with
        {
            Faults = new FaultsSpec { Crashes = [new CrashSpec(1, 3_000, 6_000), new CrashSpec(5, 4_000, 9_000)] },
        };
        var result = new HealthLedger.Sim.Simulation.Simulation(scenario).Run();
        Assert.All(result.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(1, result.Nodes[1].Crashes);
        // The restarted nodes caught up with the others.
        uint best = result.Nodes.Max(n => n.ValidatedSequence);
        Assert.True(result.Nodes[1].ValidatedSequence + 1 >= best, $"node 1 is at {result.Nodes[1].ValidatedSequence}, others at {best}");
    }

    [Fact]
    public void Clients_answered_by_their_own_node_are_answered_when_it_crashes_and_lose_nothing()
    {
        // Two nodes crash while their clients wait for them: a transaction validated elsewhere is answered at the
        // crash (the client asks another node), one still pending goes to the next node. Outcomes are those of clients
        // answered at the first validation, and no client is answered before it.
        var scenario = SmallScenarios.Lan(generators: 3, receivers: 2, monitors: 2, durationSec: 12) with
        {
            Faults = new FaultsSpec { Crashes = [new CrashSpec(1, 3_000, 6_000), new CrashSpec(5, 4_000, 9_000)] },
        };
        var first = new HealthLedger.Sim.Simulation.Simulation(scenario).Run();
        var own = new HealthLedger.Sim.Simulation.Simulation(scenario with { Workload = scenario.Workload with { AnsweredBy = HealthLedger.Sim.Workload.WorkloadSpec.AnsweredBySubmitter } }).Run();
        Assert.All(own.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(first.Transactions.Select(t => (t.TxId, t.Outcome, t.Ledger)), own.Transactions.Select(t => (t.TxId, t.Outcome, t.Ledger)));
        Assert.All(first.Transactions.Zip(own.Transactions), p => Assert.True(p.First.Outcome != TxOutcome.Validated || p.Second.DoneUs >= p.First.DoneUs,
            $"{p.Second.TxId} answered at {p.Second.DoneUs} µs, first validated at {p.First.DoneUs}"));
        Assert.Equal(first.Latency.Count, own.Latency.Count);
    }

    [Fact]
    public void A_partitioned_minority_stalls_and_catches_up_after_healing_while_the_majority_goes_on()
    {
        var scenario = SmallScenarios.Lan(generators: 3, receivers: 2, monitors: 2, durationSec: 12) with
        {
            Network = SmallScenarios.Lan().Network with { Partitions = [new PartitionSpec { StartMs = 2_000, EndMs = 8_000, Side = [0] }] },
        };
        var result = new HealthLedger.Sim.Simulation.Simulation(scenario).Run();
        Assert.All(result.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.True(result.Network.Partitioned > 0);
        uint best = result.Nodes.Max(n => n.ValidatedSequence);
        Assert.True(result.Nodes[0].ValidatedSequence + 1 >= best);
    }

    [Fact]
    public void Splitting_the_network_in_half_halts_progress_and_is_reported_as_lost_liveness()
    {
        var scenario = SmallScenarios.Lan(generators: 2, receivers: 1, monitors: 1, durationSec: 10) with
        {
            DrainSec = 2,
            Network = SmallScenarios.Lan().Network with { Partitions = [new PartitionSpec { StartMs = 1_000, EndMs = 60_000, Side = [0, 1] }] },
        };
        var result = new HealthLedger.Sim.Simulation.Simulation(scenario).Run();
        var liveness = result.Invariants.Single(i => i.Name == "liveness");
        Assert.Equal("breaks", liveness.Actual);
        Assert.All(result.Invariants.Where(i => i.IsSafety), i => Assert.Equal("holds", i.Actual));
    }
}
