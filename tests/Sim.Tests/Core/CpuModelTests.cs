using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Core;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Core;

public class CpuModelTests
{
    [Fact]
    public void Work_queues_behind_busy_time_and_is_charged_its_processor_time()
    {
        var model = new CpuModel(new CpuSpec { Cores = 2 }, nodeCount: 2);
        // 100 µs of processor time spread over two cores: the node is busy for 50 µs.
        long done = model.Run(0, startUs: 1_000, serialUs: 0, parallelUs: 100);
        Assert.Equal(1_050, done);
        Assert.Equal(1_050, model.StartUs(0, 1_010)); // input arriving while busy waits
        Assert.Equal(1_060, model.StartUs(0, 1_060)); // input arriving after runs at once
        Assert.Equal(1_080, model.Run(0, model.StartUs(0, 1_020), serialUs: 30, parallelUs: 0));
        Assert.Equal(130, model.CpuUs(0));
        Assert.Equal(0, model.CpuUs(1)); // per node
    }

    [Fact]
    public void A_crash_forgets_queued_work_but_not_the_processor_time_spent()
    {
        var model = new CpuModel(new CpuSpec(), nodeCount: 1);
        model.Run(0, 0, serialUs: 5_000, parallelUs: 0);
        model.Reset(0, nowUs: 1_000);
        Assert.Equal(1_000, model.StartUs(0, 1_000));
        Assert.Equal(5_000, model.CpuUs(0));
    }

    [Fact]
    public void On_a_shared_machine_at_most_its_cores_run_at_once_and_each_node_still_one_input_at_a_time()
    {
        var model = new CpuModel(new CpuSpec { MachineCores = 2 }, nodeCount: 3);
        Assert.Equal(100, model.Run(0, model.StartUs(0, 0), serialUs: 100, parallelUs: 0));
        Assert.Equal(100, model.Run(1, model.StartUs(1, 0), serialUs: 60, parallelUs: 40)); // verification on the same core
        // Both cores are taken until 100: a third node's input waits for one although the node itself is idle.
        Assert.Equal(100, model.StartUs(2, 10));
        Assert.Equal(150, model.Run(2, model.StartUs(2, 10), serialUs: 50, parallelUs: 0));
        // Node 0 is free at 100 and so is a core.
        Assert.Equal(100, model.StartUs(0, 20));
        Assert.Equal(110, model.Run(0, model.StartUs(0, 20), serialUs: 10, parallelUs: 0));
        // Node 0 busy until 110 and a core free from 110: its next input starts then; node 1 takes the core free at 150.
        Assert.Equal(110, model.StartUs(0, 50));
        Assert.Equal(210, model.Run(0, model.StartUs(0, 50), serialUs: 100, parallelUs: 0));
        Assert.Equal(150, model.StartUs(1, 120));
        Assert.Equal([210, 100, 50], new[] { model.CpuUs(0), model.CpuUs(1), model.CpuUs(2) });
    }

    [Fact]
    public void Work_waiting_for_its_node_takes_the_core_that_leaves_the_smallest_gap()
    {
        var model = new CpuModel(new CpuSpec { MachineCores = 2 }, nodeCount: 3);
        model.Run(0, 0, serialUs: 100, parallelUs: 0); // core A until 100
        model.Run(1, 0, serialUs: 30, parallelUs: 0); // core B until 30
        // Node 1 again at 40 (core B free since 30); node 0 at 40 must wait for itself until 100: it takes core A (free
        // at 100), not the idle core B, so node 2 arriving at 50 still finds B free.
        model.Run(0, model.StartUs(0, 40), serialUs: 10, parallelUs: 0);
        Assert.Equal(50, model.StartUs(2, 50));
    }

    [Fact]
    public void The_client_queues_its_work_per_transaction_on_the_shared_cores()
    {
        var none = new CpuModel(new CpuSpec { ClientUsPerTx = 0 }, nodeCount: 1);
        Assert.Equal(500, none.RunClient(500)); // no shared machine: the client costs nothing here
        var model = new CpuModel(new CpuSpec { MachineCores = 1, ClientUsPerTx = 40 }, nodeCount: 1);
        model.Run(0, 0, serialUs: 100, parallelUs: 0);
        Assert.Equal(140, model.RunClient(10)); // waits for the only core
        Assert.Equal(180, model.RunClient(20)); // and for its own previous transaction
        Assert.Equal(180, model.StartUs(0, 150)); // the node waits for the client's work
        Assert.Equal(80, model.ClientCpuUs);
    }

    [Theory]
    [InlineData(-1, 0, "cpu.machineCores")]
    [InlineData(0, 25, "cpu.clientUsPerTx")]
    public void Shared_machine_fields_are_checked(int machineCores, double clientUs, string field)
    {
        var problems = new CpuSpec { MachineCores = machineCores, ClientUsPerTx = clientUs }.Validate().ToList();
        Assert.Contains(problems, p => p.StartsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public void A_shared_machine_never_runs_more_inputs_at_once_than_its_cores_nor_two_of_one_node()
    {
        // Random inputs in arrival order (as the simulator hands them over): node (-1 for the client), gap since the
        // previous arrival, cost.
        var input = Gen.Zip(Gen.Choose(-1, 3), Gen.Zip(Gen.Choose(0, 40), Gen.Choose(1, 120)));
        var gen = Gen.Zip(Gen.Choose(1, 3), Gen.ListOf(input));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (cores, inputs) = t;
            var model = new CpuModel(new CpuSpec { MachineCores = cores, ClientUsPerTx = 30 }, nodeCount: 4);
            var runs = new List<(int Node, long Start, long End)>();
            long now = 0;
            foreach (var (node, (gap, cost)) in inputs)
            {
                now += gap;
                if (node < 0)
                {
                    long done = model.RunClient(now);
                    runs.Add((-1, done - 30, done));
                    continue;
                }
                long start = model.StartUs(node, now);
                Assert.True(start >= now);
                runs.Add((node, start, model.Run(node, start, serialUs: cost, parallelUs: 0)));
            }
            foreach (var (node, start, end) in runs)
            {
                Assert.True(runs.Count(r => r.Start <= start && start < r.End) <= cores, $"more than {cores} inputs running at {start}");
                Assert.Equal(1, runs.Count(r => r.Node == node && r.Start < end && start < r.End));
            }
        }).Check(PropertyConfig.Default(seed: 7301, maxTest: 300));
    }
}
