using HealthLedger.Sim.Core;
using HealthLedger.Sim.Network;

namespace HealthLedger.Sim.Tests.Network;

public class NetworkModelTests
{
    private static readonly NetworkSpec s_lan = new() { Latency = new LatencySpec { Distribution = "constant", Ms = 10 } };

    [Fact]
    public void A_partition_delivers_nothing_across_it_until_it_heals()
    {
        var spec = s_lan with { Partitions = [new PartitionSpec { StartMs = 100, EndMs = 200, Side = [0] }] };
        var model = new NetworkModel(spec, 3, new SimRandom(1));
        var arrivals = new List<long>();
        for (long t = 0; t < 300_000; t += 1_000)
        {
            arrivals.Clear();
            model.Plan(t, 0, 1, 100, arrivals);
            bool crossesWhileCut = (t >= 100_000 && t < 200_000) || (t + 10_000 >= 100_000 && t + 10_000 < 200_000);
            Assert.Equal(crossesWhileCut ? 0 : 1, arrivals.Count);
            arrivals.Clear();
            model.Plan(t, 1, 2, 100, arrivals); // both on the same side: unaffected
            Assert.Single(arrivals);
        }
    }

    [Fact]
    public void A_one_way_partition_cuts_only_outgoing_messages()
    {
        var spec = s_lan with { Partitions = [new PartitionSpec { StartMs = 0, EndMs = 1_000, Side = [0], OneWay = true }] };
        var model = new NetworkModel(spec, 2, new SimRandom(1));
        var arrivals = new List<long>();
        model.Plan(0, 0, 1, 100, arrivals);
        Assert.Empty(arrivals);
        model.Plan(0, 1, 0, 100, arrivals);
        Assert.Single(arrivals);
    }

    [Fact]
    public void Loss_and_duplication_happen_at_their_rates()
    {
        var spec = s_lan with { LossRate = 0.2, DuplicateRate = 0.1 };
        var model = new NetworkModel(spec, 2, new SimRandom(5));
        var arrivals = new List<long>();
        for (int i = 0; i < 20_000; i++) model.Plan(i, 0, 1, 100, arrivals);
        Assert.InRange(model.Lost / 20_000.0, 0.18, 0.22);
        Assert.InRange(model.Duplicated / 16_000.0, 0.08, 0.12);
    }

    [Fact]
    public void Links_are_fifo_unless_reordering_is_asked_for()
    {
        var spec = s_lan with { Latency = new LatencySpec { Distribution = "uniform", MinMs = 1, MaxMs = 50 } };
        var fifo = new NetworkModel(spec, 2, new SimRandom(3));
        var arrivals = new List<long>();
        for (int i = 0; i < 1_000; i++) fifo.Plan(i * 100, 0, 1, 100, arrivals);
        Assert.Equal(arrivals.Order(), arrivals);

        var reordering = new NetworkModel(spec with { ReorderRate = 0.5 }, 2, new SimRandom(3));
        arrivals.Clear();
        for (int i = 0; i < 1_000; i++) reordering.Plan(i * 100, 0, 1, 100, arrivals);
        Assert.NotEqual(arrivals.Order(), arrivals);
    }

    [Fact]
    public void Bandwidth_serializes_a_broadcast_on_the_senders_uplink()
    {
        var spec = s_lan with { BandwidthBytesPerSec = 1_000_000 }; // 1 MB/s: 10 KB takes 10 ms
        var model = new NetworkModel(spec, 4, new SimRandom(1));
        var arrivals = new List<long>();
        for (int to = 1; to < 4; to++) model.Plan(0, 0, to, 10_000, arrivals);
        Assert.Equal([20_000L, 30_000L, 40_000L], arrivals);
    }

    [Theory]
    [InlineData("constant")]
    [InlineData("uniform")]
    [InlineData("normal")]
    [InlineData("lognormal")]
    public void Latency_distributions_have_their_configured_centre(string distribution)
    {
        var spec = new LatencySpec { Distribution = distribution, Ms = 40, MinMs = 20, MaxMs = 60, MeanMs = 40, StdDevMs = 5, MedianMs = 40, Sigma = 0.3 };
        var rng = new SimRandom(9);
        var samples = Enumerable.Range(0, 20_000).Select(_ => spec.SampleUs(rng) / 1000.0).Order().ToArray();
        Assert.InRange(samples[samples.Length / 2], 38, 42);
        Assert.All(samples, s => Assert.True(s >= 0));
    }
}
