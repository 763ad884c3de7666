using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Tests.Simulation;

/// <summary>Validators that start apart (<see cref="ValidatorsSpec.StartDelaysMs"/>), as a loopback cluster's processes do.</summary>
public class StartDelayTests
{
    private static Scenario Steady(IReadOnlyList<double>? delays, string? answeredBy = null) => SmallScenarios.Lan(durationSec: 20, ratePerSec: 40) with
    {
        Network = SmallScenarios.Lan().Network with { Latency = new HealthLedger.Sim.Network.LatencySpec { Distribution = "constant", Ms = 2 } },
        Validators = SmallScenarios.Lan().Validators with { StartDelaysMs = delays },
        Workload = SmallScenarios.Lan(durationSec: 20, ratePerSec: 40).Workload with { AnsweredBy = answeredBy },
    };

    [Fact]
    public void Zero_delays_change_nothing()
    {
        var none = new HealthLedger.Sim.Simulation.Simulation(Steady(null)).Run();
        var zeros = new HealthLedger.Sim.Simulation.Simulation(Steady([0, 0, 0, 0])).Run();
        Assert.Equal(none.Transactions.Select(t => (t.TxId, t.Outcome, t.DoneUs)), zeros.Transactions.Select(t => (t.TxId, t.Outcome, t.DoneUs)));
        Assert.Equal(none.Ledgers.Select(l => l.Hash), zeros.Ledgers.Select(l => l.Hash));
    }

    [Fact]
    public void Validators_started_apart_keep_their_rounds_apart_and_lose_nothing()
    {
        // Four validators (two generators of a sixth of the power each, a receiver and a monitor of a third each): the
        // receiver and the monitor start 300 ms after the generators. A round starts when a node accepted the last one,
        // and the generators alone hold too little power to pull the others' close forward, so the nodes go on building
        // each ledger most of that far apart (the generators, ahead, accept once the others' agreeing positions arrive,
        // before the others' own minimum establish time is up); started together they build in step. Nothing is lost.
        var together = new HealthLedger.Sim.Simulation.Simulation(Steady(null)).Run();
        var apart = new HealthLedger.Sim.Simulation.Simulation(Steady([0, 0, 300, 300])).Run();
        Assert.All(apart.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.All(apart.Transactions, t => Assert.Equal(TxOutcome.Validated, t.Outcome));
        Assert.True(together.BuildSpreadMsP50 < 20, $"started together, the nodes built each ledger over {together.BuildSpreadMsP50} ms");
        Assert.InRange(apart.BuildSpreadMsP50, 150, 350);
        // Each node's lag behind the first build: the late ones trail, the generators lead.
        Assert.Equal(4, apart.BuildLagsMsP50.Count);
        Assert.All(apart.BuildLagsMsP50.Take(2), lag => Assert.InRange(lag, 0, 50));
        Assert.All(apart.BuildLagsMsP50.Skip(2), lag => Assert.InRange(lag, 150, 350));
        Assert.All(together.BuildLagsMsP50, lag => Assert.InRange(lag, 0, 20));
        Assert.InRange(together.ValidationSpreadMsP50, 0, 20);
    }

    [Fact]
    public void A_client_answered_by_its_own_node_waits_for_that_node_to_validate()
    {
        // Validators started apart. A client answered by its own node learns when that node validates the ledger, at or
        // after the first validation, the first node's clients at it; outcomes, ledgers and nodes do not change.
        var first = new HealthLedger.Sim.Simulation.Simulation(Steady([0, 0, 300, 300])).Run();
        var own = new HealthLedger.Sim.Simulation.Simulation(Steady([0, 0, 300, 300], WorkloadSpec.AnsweredBySubmitter)).Run();
        Assert.Equal(first.Ledgers.Select(l => l.Hash), own.Ledgers.Select(l => l.Hash));
        Assert.Equal(first.Transactions.Select(t => (t.TxId, t.Outcome, t.Ledger, t.Node)), own.Transactions.Select(t => (t.TxId, t.Outcome, t.Ledger, t.Node)));
        Assert.All(own.Transactions, t => Assert.Equal(TxOutcome.Validated, t.Outcome));
        var waited = first.Transactions.Zip(own.Transactions, (f, o) => (o.Node, Us: o.DoneUs - f.DoneUs)).ToList();
        Assert.All(waited, w => Assert.True(w.Us >= 0, $"answered {w.Us} µs before the first validation"));
        // The nodes validate each ledger within a few ms of each other here (the late ones are needed for a quorum),
        // so some clients wait a little and none longer than the nodes' validations of a ledger are apart.
        Assert.Contains(waited, w => w.Us > 0);
        Assert.True(own.ValidationSpreadMsP50 > 0, $"validation spread {own.ValidationSpreadMsP50} ms");
        Assert.Equal(first.Latency.Count, own.Latency.Count);
    }

    [Fact]
    public void Clients_sending_at_ticks_send_each_transaction_at_the_first_tick_after_it_was_planned()
    {
        // The 10-ms tick of a loopback cluster's load generator: each transaction goes out at the first multiple of
        // 10 ms at or after its planned time (it reaches its node the link's 2 ms later), and its latency still runs
        // from the planned time. The same operations are planned and all validated (which owner makes each can differ: the
        // workload picks an owner with nothing in flight, and the answers come at other times).
        // Owners enough that none waits for an idle one (an operation with no idle owner is issued later).
        var owners = Steady(null) with { Workload = Steady(null).Workload with { Patients = 400 } };
        var planned = new HealthLedger.Sim.Simulation.Simulation(owners).Run();
        var ticked = new HealthLedger.Sim.Simulation.Simulation(owners with { Workload = owners.Workload with { SendTickMs = 10 } }).Run();
        Assert.All(ticked.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(planned.Transactions.Select(t => t.PlannedUs), ticked.Transactions.Select(t => t.PlannedUs));
        Assert.All(planned.Transactions, t => Assert.Equal(t.PlannedUs + 2_000, t.SubmittedUs));
        Assert.All(ticked.Transactions, t =>
        {
            Assert.Equal(TxOutcome.Validated, t.Outcome);
            long sentUs = t.SubmittedUs - 2_000;
            Assert.Equal(0, sentUs % 10_000);
            Assert.InRange(sentUs - t.PlannedUs, 0, 9_999);
        });
        Assert.Contains(ticked.Transactions, t => t.SubmittedUs - 2_000 > t.PlannedUs);
        Assert.True(ticked.Latency.Summarize().LatencyUsP50 >= planned.Latency.Summarize().LatencyUsP50,
            $"p50 {ticked.Latency.Summarize().LatencyUsP50} µs with ticks, {planned.Latency.Summarize().LatencyUsP50} µs without");
        // A scenario without the field is written, and hashed, as before it existed.
        Assert.DoesNotContain("SendTickMs", System.Text.Encoding.UTF8.GetString(HealthLedger.Sim.Reports.JsonReport.ToUtf8Bytes(Steady(null))), StringComparison.Ordinal);
    }
}
