using HealthLedger.Sim.Core;

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
}
