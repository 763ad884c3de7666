using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Metrics;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Metrics;

public class LatencyHistogramTests
{
    [Fact]
    public void Linear_buckets_are_aligned_and_include_empty_ones()
    {
        long[] sorted = [12, 15, 19, 20, 47];
        var buckets = LatencyHistogram.Linear(sorted, bucketWidthUs: 10);
        Assert.Equal(
            [new HistogramBucket(10, 20, 3), new HistogramBucket(20, 30, 1), new HistogramBucket(30, 40, 0), new HistogramBucket(40, 50, 1)],
            buckets);
    }

    [Fact]
    public void Linear_buckets_refuse_more_than_the_cap()
    {
        long[] sorted = [0, 1_000_000];
        Assert.Throws<ArgumentException>(() => LatencyHistogram.Linear(sorted, bucketWidthUs: 1, maxBuckets: 1000));
    }

    [Fact]
    public void One_two_five_edges_follow_the_series()
    {
        var edges = new List<long> { 0 };
        for (int i = 0; i < 10; i++) edges.Add(LatencyHistogram.NextOneTwoFive(edges[^1]));
        Assert.Equal([0L, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], edges);
        Assert.Equal(long.MaxValue, LatencyHistogram.NextOneTwoFive(5_000_000_000_000_000_000));
    }

    [Fact]
    public void One_two_five_buckets_start_at_the_first_sample()
    {
        long[] sorted = [3, 4, 7, 60];
        var buckets = LatencyHistogram.OneTwoFive(sorted);
        Assert.Equal(
            [new HistogramBucket(2, 5, 2), new HistogramBucket(5, 10, 1), new HistogramBucket(10, 20, 0), new HistogramBucket(20, 50, 0), new HistogramBucket(50, 100, 1)],
            buckets);
    }

    [Fact]
    public void Buckets_partition_the_samples()
    {
        var gen = Gen.Zip(Gen.NonEmptyListOf(Gen.Choose(0, 100_000)), Gen.Choose(1, 5000));
        Prop.ForAll(Arb.From(gen), pair =>
        {
            var (samples, width) = pair;
            long[] sorted = samples.Select(v => (long)v).Order().ToArray();
            var linear = LatencyHistogram.Linear(sorted, width);
            var oneTwoFive = LatencyHistogram.OneTwoFive(sorted);
            bool Partition(IReadOnlyList<HistogramBucket> buckets) =>
                buckets.Sum(b => b.Count) == sorted.Length
                && buckets.All(b => b.Count == sorted.Count(v => v >= b.LowerUs && v < b.UpperUs))
                && buckets.Zip(buckets.Skip(1)).All(p => p.First.UpperUs == p.Second.LowerUs);
            return Partition(linear) && Partition(oneTwoFive);
        }).Check(PropertyConfig.Default(seed: 5006));
    }
}
