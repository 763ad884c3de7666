namespace HealthLedger.Sim.Metrics;

/// <summary>
/// Counts events (for example validated transactions) per fixed bucket of virtual time, for throughput-over-time
/// reports. Events may arrive in any time order; buckets with no events report zero rather than being left out, so a
/// stall shows as a drop to zero in the chart.
/// </summary>
public sealed class ThroughputSeries
{
    private const double MicrosecondsPerSecond = 1_000_000;
    private readonly List<long> _counts = [];

    /// <summary>A series whose first bucket starts at <paramref name="startUs"/>.</summary>
    public ThroughputSeries(long bucketWidthUs, long startUs = 0)
    {
        if (bucketWidthUs <= 0) throw new ArgumentOutOfRangeException(nameof(bucketWidthUs), bucketWidthUs, "A bucket needs a positive width.");
        BucketWidthUs = bucketWidthUs;
        StartUs = startUs;
    }

    /// <summary>Width of each bucket in microseconds of virtual time.</summary>
    public long BucketWidthUs { get; }

    /// <summary>Start of the first bucket in microseconds of virtual time.</summary>
    public long StartUs { get; }

    /// <summary>Total events recorded.</summary>
    public long TotalCount { get; private set; }

    /// <summary>Counts <paramref name="count"/> events at virtual time <paramref name="timeUs"/>.</summary>
    public void Record(long timeUs, long count = 1)
    {
        if (timeUs < StartUs) throw new ArgumentOutOfRangeException(nameof(timeUs), timeUs, $"The series starts at {StartUs} µs.");
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Events are counted, not uncounted.");
        long index = (timeUs - StartUs) / BucketWidthUs;
        if (index >= int.MaxValue) throw new ArgumentOutOfRangeException(nameof(timeUs), timeUs, "Too many buckets; use a wider bucket.");
        while (_counts.Count <= index) _counts.Add(0);
        _counts[(int)index] += count;
        TotalCount += count;
    }

    /// <summary>
    /// Every bucket from <see cref="StartUs"/> up to the last one with an event, or up to the one containing
    /// <paramref name="endUs"/> (exclusive) when given, so runs of equal length give series of equal length.
    /// </summary>
    public IReadOnlyList<ThroughputBucket> Buckets(long? endUs = null)
    {
        int bucketCount = _counts.Count;
        if (endUs is long e)
        {
            if (e < StartUs) throw new ArgumentOutOfRangeException(nameof(endUs), e, $"The series starts at {StartUs} µs.");
            long spanned = (e - StartUs + BucketWidthUs - 1) / BucketWidthUs;
            bucketCount = (int)Math.Max(spanned, _counts.Count);
        }
        var buckets = new ThroughputBucket[bucketCount];
        double bucketSeconds = BucketWidthUs / MicrosecondsPerSecond;
        for (int i = 0; i < bucketCount; i++)
        {
            long count = i < _counts.Count ? _counts[i] : 0;
            long startUs = StartUs + i * BucketWidthUs;
            buckets[i] = new ThroughputBucket(startUs, startUs + BucketWidthUs, count, count / bucketSeconds);
        }
        return buckets;
    }
}
