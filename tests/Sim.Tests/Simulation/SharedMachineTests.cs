using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Core;
using HealthLedger.Sim.Simulation;
using HealthLedger.Sim.Scenarios;

namespace HealthLedger.Sim.Tests.Simulation;

public class SharedMachineTests
{
    // Four nodes each verifying every transaction at 6 ms a check, 40 tx/s: a quarter of a core per node, all of one
    // core for the four, more than all with the client's 3 ms per transaction.
    private static SimulationResult Run(int machineCores, double clientUs, bool processorSharing = false, double checkerWeight = 0, double ratePerSec = 40, int? submissionQueueLimit = null)
    {
        var scenario = SmallScenarios.Lan(generators: 2, receivers: 1, monitors: 1, durationSec: 10, ratePerSec: ratePerSec);
        return new HealthLedger.Sim.Simulation.Simulation(scenario with
        {
            Cpu = new CpuSpec { VerifyUs = 6_000, MachineCores = machineCores, ClientUsPerTx = clientUs, ProcessorSharing = processorSharing, CheckerWeight = checkerWeight },
            Consensus = scenario.Consensus with { SubmissionQueueLimit = submissionQueueLimit },
        }).Run();
    }

    private static int Validated(SimulationResult r) => r.Transactions.Count(t => t.Outcome == TxOutcome.Validated);

    private static double MedianMs(SimulationResult r) =>
        r.Transactions.Where(t => t.Outcome == TxOutcome.Validated).Select(t => (t.DoneUs - t.PlannedUs) / 1000.0).Order().ElementAt(r.Transactions.Count(t => t.Outcome == TxOutcome.Validated) / 2);

    [Fact]
    public void Nodes_sharing_one_core_with_the_client_queue_behind_each_other_and_the_client_is_charged_per_transaction()
    {
        var own = Run(machineCores: 0, clientUs: 0);
        var shared = Run(machineCores: 1, clientUs: 3_000);
        Assert.All(own.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.All(shared.Invariants.Where(i => i.IsSafety), i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(0, own.ClientCpuUs);
        Assert.Equal(3_000L * shared.Transactions.Count, shared.ClientCpuUs);
        // Each node alone keeps up; together on one core they cannot: a queue builds and latency grows with it.
        Assert.Equal(own.Transactions.Count, own.Transactions.Count(t => t.Outcome == TxOutcome.Validated));
        bool behind = shared.Transactions.Any(t => t.Outcome == TxOutcome.Pending) || MedianMs(shared) > 1.5 * MedianMs(own);
        Assert.True(behind, $"shared median {MedianMs(shared)} ms, own cores {MedianMs(own)} ms");
    }

    [Fact]
    public void A_machine_with_a_core_per_node_and_no_client_cost_behaves_like_cores_of_their_own()
    {
        var own = Run(machineCores: 0, clientUs: 0);
        var enough = Run(machineCores: 4, clientUs: 0);
        Assert.Equal(own.Transactions.Count(t => t.Outcome == TxOutcome.Validated), enough.Transactions.Count(t => t.Outcome == TxOutcome.Validated));
        Assert.InRange(MedianMs(enough), MedianMs(own) - 1, MedianMs(own) + 1);
    }

    [Fact]
    public void Under_processor_sharing_the_nodes_and_the_client_share_one_core_and_the_run_is_reproducible()
    {
        var own = Run(machineCores: 0, clientUs: 0);
        var shared = Run(machineCores: 1, clientUs: 3_000, processorSharing: true);
        Assert.All(shared.Invariants.Where(i => i.IsSafety), i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(3_000L * shared.Transactions.Count, shared.ClientCpuUs);
        bool behind = shared.Transactions.Any(t => t.Outcome == TxOutcome.Pending) || MedianMs(shared) > 1.5 * MedianMs(own);
        Assert.True(behind, $"shared median {MedianMs(shared)} ms, own cores {MedianMs(own)} ms");
        // The same scenario and seed: the same outcome for every transaction, at the same instants.
        var again = Run(machineCores: 1, clientUs: 3_000, processorSharing: true);
        Assert.Equal(shared.Transactions, again.Transactions);
        Assert.Equal(shared.Nodes.Select(n => n.CpuUs), again.Nodes.Select(n => n.CpuUs));
    }

    [Fact]
    public void Processor_sharing_with_a_core_for_every_process_behaves_like_cores_of_their_own()
    {
        // Four nodes and no client cost on four cores: every running input gets a whole core, so the only difference
        // from cores of their own is that an input waits for its node in a queue instead of being run ahead of time.
        var own = Run(machineCores: 0, clientUs: 0);
        var enough = Run(machineCores: 4, clientUs: 0, processorSharing: true);
        Assert.All(enough.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(own.Transactions.Count(t => t.Outcome == TxOutcome.Validated), enough.Transactions.Count(t => t.Outcome == TxOutcome.Validated));
        Assert.InRange(MedianMs(enough), MedianMs(own) - 1, MedianMs(own) + 1);
    }

    [Fact]
    public void Processor_sharing_needs_a_shared_machine()
    {
        Assert.Contains(new CpuSpec { ProcessorSharing = true }.Validate(), p => p.Contains("processorSharing", StringComparison.Ordinal));
        Assert.Empty(new CpuSpec { ProcessorSharing = true, MachineCores = 2 }.Validate());
    }

    [Fact]
    public void With_checkers_a_node_checks_transactions_beside_its_loop_and_is_charged_the_same_work()
    {
        // Cores to spare: checking on a checker of the node's own instead of on its loop changes when a check runs, not
        // what is checked or charged (each node checks each transaction once, on either).
        var onLoop = Run(machineCores: 8, clientUs: 0, processorSharing: true);
        var checkers = Run(machineCores: 8, clientUs: 0, processorSharing: true, checkerWeight: 0.2);
        Assert.All(checkers.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(onLoop.Transactions.Count, Validated(checkers));
        for (int i = 0; i < onLoop.Nodes.Count; i++)
            Assert.InRange(checkers.Nodes[i].CpuUs, onLoop.Nodes[i].CpuUs * 0.99, onLoop.Nodes[i].CpuUs * 1.01);
        // The checks of different nodes no longer wait for each node's other work: latency is no higher.
        Assert.True(MedianMs(checkers) <= MedianMs(onLoop) + 1, $"checkers {MedianMs(checkers)} ms, on the loop {MedianMs(onLoop)} ms");
        var again = Run(machineCores: 8, clientUs: 0, processorSharing: true, checkerWeight: 0.2);
        Assert.Equal(checkers.Transactions, again.Transactions);
        Assert.Equal(checkers.Nodes.Select(n => n.CpuUs), again.Nodes.Select(n => n.CpuUs));
    }

    [Fact]
    public void A_checker_hands_the_transactions_it_took_together_to_the_loop_when_it_has_checked_them_all()
    {
        // One validator on one core, 10 ms a check, and 20 submissions arriving at the same instant every 370 ms (out of
        // step with the 1-s rounds). The checker starts on the first of each batch alone (nothing else is queued yet) and
        // then takes the other 19 together, as the host's checkers take what is queued (NodeRuntime.MaxCheckedTogether):
        // they reach the pool together when the last is checked, 200 ms after they arrived, so one ledger holds all 19
        // even when the node closes one while their checks run. Handed over one by one, a close in those 190 ms would
        // split them between two ledgers.
        var lan = SmallScenarios.Lan(generators: 1, receivers: 0, monitors: 0, durationSec: 6);
        var scenario = lan with
        {
            Validators = lan.Validators with { Weights = "1:0:0" },
            Network = new HealthLedger.Sim.Network.NetworkSpec { Latency = new HealthLedger.Sim.Network.LatencySpec { Distribution = "constant", Ms = 1 } },
            Cpu = new CpuSpec { VerifyUs = 10_000, MachineCores = 1, ProcessorSharing = true, CheckerWeight = 1 },
            Workload = lan.Workload with { Arrivals = [new HealthLedger.Sim.Workload.ArrivalSpec { Kind = "batch", Count = 20, EveryMs = 370, StartMs = 185 }], Patients = 400 },
        };
        var result = new HealthLedger.Sim.Simulation.Simulation(scenario).Run();
        Assert.All(result.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        var batches = result.Transactions.GroupBy(t => t.PlannedUs).ToList();
        Assert.True(batches.Count >= 14, $"{batches.Count} batches");
        var ledgersOfTheRest = batches.Select(b => b.Skip(1).Select(t => t.Ledger).Distinct().Count()).ToList();
        Assert.All(batches, b => Assert.All(b, t => Assert.Equal(TxOutcome.Validated, t.Outcome)));
        Assert.All(ledgersOfTheRest, n => Assert.Equal(1, n));
        // Some batch's first transaction went into an earlier ledger than the rest: a close fell between their checks.
        Assert.Contains(batches, b => b.First().Ledger < b.Skip(1).First().Ledger);
    }

    [Fact]
    public void With_checkers_a_node_relays_what_it_took_in_while_inputs_were_queued_as_one_batch()
    {
        // One core for four nodes checking at 6 ms, 40 tx/s: the checkers hand transactions over in bursts, and a node
        // holds the relays it makes while more inputs are queued and sends them as one batch message per peer when its
        // queues run dry, as the real host does. Its peers take a batch as one input, through their checkers, and
        // handle it as that many relays. Without checkers every relay is a message of its own.
        var onLoop = Run(machineCores: 1, clientUs: 0, processorSharing: true);
        var checkers = Run(machineCores: 1, clientUs: 0, processorSharing: true, checkerWeight: 0.2);
        Assert.All(checkers.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(onLoop.Transactions.Count, Validated(checkers));
        long relays = 3L * checkers.Transactions.Count; // each transaction relayed by its entry node to three peers
        long sentOnLoop = onLoop.Nodes.Sum(n => n.MessagesSent), sentWithCheckers = checkers.Nodes.Sum(n => n.MessagesSent);
        Assert.True(sentOnLoop - sentWithCheckers > relays / 4, $"messages sent: {sentWithCheckers} with checkers, {sentOnLoop} without; {relays} relays");
        Assert.Equal(checkers.Transactions, Run(machineCores: 1, clientUs: 0, processorSharing: true, checkerWeight: 0.2).Transactions);
    }

    [Fact]
    public void Under_overload_checkers_of_low_weight_keep_the_rounds_at_pace_while_transactions_wait()
    {
        // One core for four nodes checking every transaction (6 ms each) and the client: more work than the core has.
        // On the loop, a proposal or validation waits behind every transaction queued before it and the rounds stretch;
        // with checkers of low weight and consensus inputs first (as the real host runs a node), the loops' short
        // consensus work gets the core when it needs it, and the backlog stays with the transactions.
        var onLoop = Run(machineCores: 1, clientUs: 3_000, processorSharing: true, ratePerSec: 50);
        var checkers = Run(machineCores: 1, clientUs: 3_000, processorSharing: true, checkerWeight: 0.107, ratePerSec: 50);
        Assert.All(onLoop.Invariants.Where(i => i.IsSafety), i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.All(checkers.Invariants.Where(i => i.IsSafety), i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.True(checkers.Ledgers.Count > onLoop.Ledgers.Count,
            $"ledgers validated: {checkers.Ledgers.Count} with checkers, {onLoop.Ledgers.Count} with the checks on the loop");
    }

    [Fact]
    public void Under_overload_admission_control_refuses_the_excess_unchecked_and_keeps_the_queue_short()
    {
        // The overload above, with each node admitting clients' submissions only while its pool and its checks hold
        // fewer than 20 transactions (as the node runtime does on its connections): the excess is refused as NodeBusy
        // before any check, and what is admitted waits in a short queue.
        var open = Run(machineCores: 1, clientUs: 3_000, processorSharing: true, checkerWeight: 0.107, ratePerSec: 50);
        var admitting = Run(machineCores: 1, clientUs: 3_000, processorSharing: true, checkerWeight: 0.107, ratePerSec: 50, submissionQueueLimit: 20);
        Assert.All(admitting.Invariants.Where(i => i.IsSafety), i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.DoesNotContain(open.Transactions, t => t.Reason == nameof(TxResult.NodeBusy));
        int refused = admitting.Transactions.Count(t => t.Outcome == TxOutcome.Rejected && t.Reason == nameof(TxResult.NodeBusy));
        Assert.True(refused > 0, "nothing was refused");
        Assert.True(MedianMs(admitting) < MedianMs(open), $"median {MedianMs(admitting)} ms admitting, {MedianMs(open)} ms without");
        var again = Run(machineCores: 1, clientUs: 3_000, processorSharing: true, checkerWeight: 0.107, ratePerSec: 50, submissionQueueLimit: 20);
        Assert.Equal(admitting.Transactions, again.Transactions);
    }

    [Fact]
    public void Under_overload_a_limit_in_time_refuses_the_excess_and_keeps_validating_with_short_waits()
    {
        // Four nodes on one core checking 100 tx/s at 6 ms a check: 2.4 cores of work. Without admission control the
        // checks fall further behind every second, the rounds starve and most of the load is still unanswered when the
        // run ends. With each node admitting while its clients' transactions wait under 2 s (the count limit of 100,000
        // far above it), the excess is refused and the rest is validated with short waits, deterministically.
        static SimulationResult Overloaded(long? queueMs)
        {
            var scenario = SmallScenarios.Lan(generators: 2, receivers: 1, monitors: 1, durationSec: 10, ratePerSec: 100);
            return new HealthLedger.Sim.Simulation.Simulation(scenario with
            {
                Cpu = new CpuSpec { VerifyUs = 6_000, MachineCores = 1, ProcessorSharing = true, CheckerWeight = 0.107 },
                Consensus = scenario.Consensus with { MaxTransactionsPerLedger = 40, SubmissionQueueMs = queueMs },
                Workload = scenario.Workload with { Patients = 400 },
            }).Run();
        }
        var open = Overloaded(0); // off
        var admitting = Overloaded(2_000);
        Assert.All(admitting.Invariants.Where(i => i.IsSafety), i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.DoesNotContain(open.Transactions, t => t.Reason == nameof(TxResult.NodeBusy));
        Assert.True(admitting.Transactions.Count(t => t.Reason == nameof(TxResult.NodeBusy)) > 0, "nothing was refused");
        Assert.True(Validated(admitting) > Validated(open), $"validated {Validated(admitting)} admitting, {Validated(open)} without");
        Assert.True(MedianMs(admitting) < MedianMs(open), $"median {MedianMs(admitting)} ms admitting, {MedianMs(open)} ms without");
        Assert.Equal(admitting.Transactions, Overloaded(2_000).Transactions);
    }

    [Fact]
    public void A_scenario_without_a_submission_limit_is_written_and_hashed_as_before_the_setting_existed()
    {
        var scenario = SmallScenarios.Lan(generators: 2, receivers: 1, monitors: 1, durationSec: 10, ratePerSec: 40);
        Assert.DoesNotContain(nameof(ConsensusSpec.SubmissionQueueLimit), System.Text.Encoding.UTF8.GetString(HealthLedger.Sim.Reports.JsonReport.ToUtf8Bytes(scenario)), StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ConsensusSpec.SubmissionQueueMs), System.Text.Encoding.UTF8.GetString(HealthLedger.Sim.Reports.JsonReport.ToUtf8Bytes(scenario)), StringComparison.Ordinal);
        var limited = scenario with { Consensus = scenario.Consensus with { SubmissionQueueLimit = 20 } };
        Assert.NotEqual(ScenarioLoader.Hash(scenario), ScenarioLoader.Hash(limited));
        Assert.Contains("\"SubmissionQueueLimit\": 20", System.Text.Encoding.UTF8.GetString(HealthLedger.Sim.Reports.JsonReport.ToUtf8Bytes(limited)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_that_crashes_with_checks_queued_loses_them_and_catches_up_after_its_restart()
    {
        // Seven nodes on one core, most of it taken by their checks, so work queues on the checkers and the loops;
        // node 1 crashes mid-load with transactions in its queues and restarts three seconds later. Its queued work is
        // dropped with it (the clients resubmit elsewhere), and the run keeps every invariant.
        var scenario = SmallScenarios.Lan(generators: 3, receivers: 2, monitors: 2, durationSec: 10, ratePerSec: 45) with
        {
            Cpu = new CpuSpec { VerifyUs = 2_000, MachineCores = 1, ClientUsPerTx = 1_000, ProcessorSharing = true, CheckerWeight = 0.107 },
            Faults = new FaultsSpec { Crashes = [new CrashSpec(1, 3_000, 6_000)] },
        };
        var result = new HealthLedger.Sim.Simulation.Simulation(scenario).Run();
        Assert.All(result.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal(1, result.Nodes[1].Crashes);
        Assert.Equal(result.Transactions.Count, Validated(result));
    }

    [Theory]
    [InlineData(0, false, 0)]    // a machine per node
    [InlineData(2, true, 0)]     // shared, the checks on the loops
    [InlineData(2, true, 0.215)] // shared, with checkers: taken in when the loop takes the checked transaction
    public void Taking_a_transaction_in_and_validating_its_ledger_are_charged_once_per_transaction_and_node(int machineCores, bool processorSharing, double checkerWeight)
    {
        // Every other cost 0: a node's processor time is exactly what it paid to take each transaction in (once, however
        // many copies reached it: its own client's, the relays, a set's members) and to validate the ledgers holding them.
        var scenario = SmallScenarios.Lan(generators: 2, receivers: 1, monitors: 1, durationSec: 10, ratePerSec: 40);
        var result = new HealthLedger.Sim.Simulation.Simulation(scenario with
        {
            Cpu = new CpuSpec { VerifyUs = 0, SignUs = 0, MessageUs = 0, HashUsPerKiB = 0, ApplyUsPerTx = 0, ReceiveUsPerTx = 7, StoreUsPerTx = 3,
                MachineCores = machineCores, ProcessorSharing = processorSharing, CheckerWeight = checkerWeight },
        }).Run();
        Assert.All(result.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        int validated = Validated(result);
        Assert.Equal(result.Transactions.Count, validated);
        Assert.All(result.Nodes, n => Assert.Equal((7 + 3) * (long)validated, n.CpuUs));
        Assert.Contains(new CpuSpec { ReceiveUsPerTx = -1 }.Validate(), p => p.Contains("receiveUsPerTx", StringComparison.Ordinal));
        Assert.Contains(new CpuSpec { StoreUsPerTx = double.PositiveInfinity }.Validate(), p => p.Contains("storeUsPerTx", StringComparison.Ordinal));
    }

    [Fact]
    public void Checkers_need_processor_sharing_and_a_positive_weight()
    {
        Assert.Contains(new CpuSpec { CheckerWeight = 0.2, MachineCores = 2 }.Validate(), p => p.Contains("checkerWeight", StringComparison.Ordinal));
        Assert.Contains(new CpuSpec { CheckerWeight = -1, MachineCores = 2, ProcessorSharing = true }.Validate(), p => p.Contains("checkerWeight", StringComparison.Ordinal));
        Assert.Empty(new CpuSpec { CheckerWeight = 0.2, MachineCores = 2, ProcessorSharing = true }.Validate());
    }
}
