using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Metrics;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Metrics;

public class EmpiricalCdfTests
{
    [Fact]
    public void Small_set_has_one_point_per_distinct_value()
    {
        long[] sorted = [1, 2, 2, 3];
        var points = EmpiricalCdf.Points<long>(sorted);
        Assert.Equal([new CdfPoint<long>(1, 0.25), new CdfPoint<long>(2, 0.75), new CdfPoint<long>(3, 1.0)], points);
    }

    [Fact]
    public void Large_set_is_thinned_to_evenly_spaced_ranks_keeping_both_ends()
    {
        long[] sorted = Enumerable.Range(1, 1000).Select(i => (long)i).ToArray();
        var points = EmpiricalCdf.Points<long>(sorted, maxPoints: 11);
        // Ranks 1, then ceil(j × 1000 / 10) = 100, 200, ..., 1000.
        Assert.Equal([1L, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000], points.Select(p => p.Value));
        Assert.Equal(0.001, points[0].CumulativeFraction);
        Assert.Equal(1.0, points[^1].CumulativeFraction);
    }

    [Fact]
    public void Latency_cdf_rows_carry_microseconds()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(300);
        recorder.Record(100);
        Assert.Equal([new LatencyCdfPoint(100, 0.5), new LatencyCdfPoint(300, 1.0)], recorder.Cdf());
    }

    [Fact]
    public void Points_are_exact_increasing_and_bounded()
    {
        var gen = Gen.Zip(Gen.NonEmptyListOf(Gen.Choose(0, 500)), Gen.Choose(2, 40));
        Prop.ForAll(Arb.From(gen), pair =>
        {
            var (samples, maxPoints) = pair;
            long[] sorted = samples.Select(v => (long)v).Order().ToArray();
            var points = EmpiricalCdf.Points<long>(sorted, maxPoints);
            if (points.Count > maxPoints || points[0].Value != sorted[0] || points[^1].Value != sorted[^1] || points[^1].CumulativeFraction != 1.0)
                return false;
            for (int i = 0; i < points.Count; i++)
            {
                double exact = (double)sorted.Count(v => v <= points[i].Value) / sorted.Length;
                if (points[i].CumulativeFraction != exact) return false;
                if (i > 0 && (points[i].Value <= points[i - 1].Value || points[i].CumulativeFraction <= points[i - 1].CumulativeFraction)) return false;
            }
            return true;
        }).Check(PropertyConfig.Default(seed: 5005));
    }
}
