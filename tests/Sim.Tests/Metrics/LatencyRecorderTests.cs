using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Metrics;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Metrics;

public class LatencyRecorderTests
{
    [Fact]
    public void Summary_of_one_to_a_thousand_is_hand_computed()
    {
        var recorder = new LatencyRecorder();
        for (long us = 1000; us >= 1; us--) recorder.Record(us); // descending, to exercise the lazy sort
        Assert.Equal(new LatencySummary(1000, 500.5, 1, 500, 900, 990, 999, 1000), recorder.Summarize());
    }

    [Fact]
    public void Summary_of_a_skewed_set_is_hand_computed()
    {
        var recorder = new LatencyRecorder();
        foreach (long us in new long[] { 120, 80, 100, 90, 5000, 110, 95, 105, 85, 115 }) recorder.Record(us);
        // Sorted: 80 85 90 95 100 105 110 115 120 5000; n = 10.
        LatencySummary summary = recorder.Summarize();
        Assert.Equal(10, summary.Count);
        Assert.Equal(590.0, summary.LatencyUsMean);
        Assert.Equal(80, summary.LatencyUsMin);
        Assert.Equal(100, summary.LatencyUsP50); // rank 5
        Assert.Equal(120, summary.LatencyUsP90); // rank 9
        Assert.Equal(5000, summary.LatencyUsP99); // rank ceil(9.9) = 10
        Assert.Equal(5000, summary.LatencyUsP999);
        Assert.Equal(5000, summary.LatencyUsMax);
        Assert.Equal(95, recorder.PercentileUs(40)); // rank 4
    }

    [Fact]
    public void Empty_recorder_summarizes_to_zeros_and_refuses_a_percentile()
    {
        var recorder = new LatencyRecorder();
        Assert.Equal(LatencySummary.Empty, recorder.Summarize());
        Assert.Equal(0, recorder.MeanUs);
        Assert.Throws<InvalidOperationException>(() => recorder.PercentileUs(50));
        Assert.Empty(recorder.Cdf());
        Assert.Empty(recorder.HistogramLinear(10));
    }

    [Fact]
    public void Negative_latency_is_a_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyRecorder().Record(-1));
    }

    [Fact]
    public void Recording_after_a_query_keeps_results_exact()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(50);
        recorder.Record(10);
        Assert.Equal(50, recorder.PercentileUs(100));
        recorder.Record(5);
        Assert.Equal(5, recorder.PercentileUs(0));
        Assert.Equal([5L, 10L, 50L], recorder.SortedSamplesUs.ToArray());
    }

    [Fact]
    public void Merging_recorders_equals_recording_everything_in_one()
    {
        var a = new LatencyRecorder();
        var b = new LatencyRecorder();
        var all = new LatencyRecorder();
        for (long i = 0; i < 100; i++)
        {
            (i % 3 == 0 ? a : b).Record(i * 7 % 31);
            all.Record(i * 7 % 31);
        }
        a.AddAll(b);
        Assert.Equal(all.Summarize(), a.Summarize());
    }

    [Fact]
    public void Summary_does_not_depend_on_recording_order()
    {
        var gen = Gen.NonEmptyListOf(Gen.Choose(0, 10_000_000)).SelectMany(samples => Gen.Shuffle(samples.ToArray()).Select(shuffled => (samples, shuffled)));
        Prop.ForAll(Arb.From(gen), pair =>
        {
            var first = new LatencyRecorder();
            var second = new LatencyRecorder();
            foreach (int us in pair.samples) first.Record(us);
            foreach (int us in pair.shuffled) second.Record(us);
            return first.Summarize() == second.Summarize() && first.Cdf(50).SequenceEqual(second.Cdf(50));
        }).Check(PropertyConfig.Default(seed: 5003));
    }

    [Fact]
    public void Summary_fields_are_ordered()
    {
        Prop.ForAll(Arb.From(Gen.NonEmptyListOf(Gen.Choose(0, 1_000_000))), samples =>
        {
            var recorder = new LatencyRecorder();
            foreach (int us in samples) recorder.Record(us);
            LatencySummary s = recorder.Summarize();
            return s.Count == samples.Count
                && s.LatencyUsMin <= s.LatencyUsP50 && s.LatencyUsP50 <= s.LatencyUsP90 && s.LatencyUsP90 <= s.LatencyUsP99
                && s.LatencyUsP99 <= s.LatencyUsP999 && s.LatencyUsP999 <= s.LatencyUsMax
                && s.LatencyUsMin <= s.LatencyUsMean && s.LatencyUsMean <= s.LatencyUsMax;
        }).Check(PropertyConfig.Default(seed: 5004));
    }
}
