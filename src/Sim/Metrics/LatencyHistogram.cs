namespace HealthLedger.Sim.Metrics;

/// <summary>
/// Histograms of sorted latency samples, with bucket bounds that are exact integers so that every process draws the
/// same edges (no floating-point logarithms involved).
/// </summary>
public static class LatencyHistogram
{
    /// <summary>A cap that keeps a mistaken 1 µs bucket width over a minute of latencies from allocating gigabytes.</summary>
    public const int DefaultMaxBuckets = 100_000;

    /// <summary>
    /// Fixed-width buckets aligned to multiples of <paramref name="bucketWidthUs"/>, from the one holding the
    /// minimum to the one holding the maximum, empty buckets in between included.
    /// </summary>
    public static IReadOnlyList<HistogramBucket> Linear(ReadOnlySpan<long> sortedAscendingUs, long bucketWidthUs, int maxBuckets = DefaultMaxBuckets)
    {
        if (bucketWidthUs <= 0) throw new ArgumentOutOfRangeException(nameof(bucketWidthUs), bucketWidthUs, "A bucket needs a positive width.");
        var buckets = new List<HistogramBucket>();
        if (sortedAscendingUs.IsEmpty) return buckets;

        long firstLowerUs = FloorTo(sortedAscendingUs[0], bucketWidthUs);
        long lastLowerUs = FloorTo(sortedAscendingUs[^1], bucketWidthUs);
        long bucketCount = (lastLowerUs - firstLowerUs) / bucketWidthUs + 1;
        if (bucketCount > maxBuckets)
            throw new ArgumentException($"{bucketCount} buckets of {bucketWidthUs} µs exceed the cap of {maxBuckets}; use a wider bucket.", nameof(bucketWidthUs));

        int i = 0;
        for (long lowerUs = firstLowerUs; lowerUs <= lastLowerUs; lowerUs += bucketWidthUs)
        {
            long upperUs = lowerUs + bucketWidthUs;
            long count = 0;
            while (i < sortedAscendingUs.Length && sortedAscendingUs[i] < upperUs) { i++; count++; }
            buckets.Add(new HistogramBucket(lowerUs, upperUs, count));
        }
        return buckets;
    }

    /// <summary>
    /// Buckets with 1-2-5 edges: [0, 1), [1, 2), [2, 5), [5, 10), [10, 20) ... µs, from the bucket of the minimum to
    /// the bucket of the maximum. Roughly logarithmic, so a long tail stays visible next to a narrow body.
    /// </summary>
    public static IReadOnlyList<HistogramBucket> OneTwoFive(ReadOnlySpan<long> sortedAscendingUs)
    {
        var buckets = new List<HistogramBucket>();
        if (sortedAscendingUs.IsEmpty) return buckets;

        int i = 0;
        long lowerUs = 0;
        while (i < sortedAscendingUs.Length)
        {
            long upperUs = NextOneTwoFive(lowerUs);
            long count = 0;
            while (i < sortedAscendingUs.Length && sortedAscendingUs[i] < upperUs) { i++; count++; }
            // Leading empty buckets say nothing; empty ones between samples show the gap, so they stay.
            if (count > 0 || buckets.Count > 0) buckets.Add(new HistogramBucket(lowerUs, upperUs, count));
            if (upperUs == long.MaxValue) break;
            lowerUs = upperUs;
        }
        return buckets;
    }

    /// <summary>The 1-2-5 edge after <paramref name="edgeUs"/> (0 → 1 → 2 → 5 → 10 → 20 ...), saturating at long.MaxValue.</summary>
    internal static long NextOneTwoFive(long edgeUs)
    {
        if (edgeUs <= 0) return 1;
        long decade = 1;
        while (decade <= edgeUs / 10) decade *= 10;
        long mantissa = edgeUs / decade; // 1, 2 or 5 for a 1-2-5 edge
        long next = mantissa switch { 1 => 2, 2 => 5, _ => 10 };
        return decade > long.MaxValue / next ? long.MaxValue : next * decade;
    }

    private static long FloorTo(long value, long width) => value - (((value % width) + width) % width);
}
