using HealthLedger.Sim.Metrics;

namespace HealthLedger.Sim.Tests.Metrics;

public class ThroughputSeriesTests
{
    [Fact]
    public void Counts_per_bucket_with_zeros_for_quiet_buckets()
    {
        var series = new ThroughputSeries(bucketWidthUs: 500_000);
        series.Record(100);
        series.Record(499_999);
        series.Record(1_600_000, count: 3);
        var buckets = series.Buckets();
        Assert.Equal(
            [
                new ThroughputBucket(0, 500_000, 2, 4.0),
                new ThroughputBucket(500_000, 1_000_000, 0, 0.0),
                new ThroughputBucket(1_000_000, 1_500_000, 0, 0.0),
                new ThroughputBucket(1_500_000, 2_000_000, 3, 6.0),
            ],
            buckets);
        Assert.Equal(5, series.TotalCount);
    }

    [Fact]
    public void End_time_pads_the_series_to_a_fixed_length()
    {
        var series = new ThroughputSeries(bucketWidthUs: 1_000_000, startUs: 2_000_000);
        series.Record(2_500_000);
        var buckets = series.Buckets(endUs: 5_000_001);
        Assert.Equal(4, buckets.Count); // [2,3) [3,4) [4,5) [5,6): 5_000_001 is inside the fourth
        Assert.Equal(2_000_000, buckets[0].StartUs);
        Assert.Equal(1, buckets[0].Count);
        Assert.All(buckets.Skip(1), b => Assert.Equal(0, b.Count));
    }

    [Fact]
    public void Events_before_the_start_are_rejected()
    {
        var series = new ThroughputSeries(bucketWidthUs: 10, startUs: 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Record(99));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThroughputSeries(0));
    }
}
