namespace HealthLedger.Sim.Metrics;

/// <summary>
/// Keeps every latency sample exactly (microseconds as <see cref="long"/>) and answers count, mean, nearest-rank
/// percentiles, a histogram and an empirical CDF. Exact samples rather than a bucketed sketch, because the simulator's
/// runs are bounded and a report's p99 should be a latency that some transaction actually had.
/// </summary>
/// <remarks>
/// Samples are sorted lazily on the first query after a change. Results depend only on the multiset of samples, not
/// on the order they were recorded in. Not thread-safe: the simulator is single-threaded.
/// </remarks>
public sealed class LatencyRecorder
{
    private readonly List<long> _samplesUs;
    private Int128 _sumUs; // Int128 so that no realistic run can overflow the mean
    private bool _sorted = true;

    /// <summary>A recorder with room for <paramref name="expected"/> samples before it grows.</summary>
    public LatencyRecorder(int expected = 0) => _samplesUs = new List<long>(Math.Max(0, expected));

    /// <summary>Number of samples recorded.</summary>
    public int Count => _samplesUs.Count;

    /// <summary>Records one latency. Negative latencies are a bug in the caller (a clock going backwards).</summary>
    public void Record(long latencyUs)
    {
        if (latencyUs < 0)
            throw new ArgumentOutOfRangeException(nameof(latencyUs), latencyUs, "A latency cannot be negative.");
        if (_sorted && _samplesUs.Count > 0 && latencyUs < _samplesUs[^1]) _sorted = false;
        _samplesUs.Add(latencyUs);
        _sumUs += latencyUs;
    }

    /// <summary>Records every sample of <paramref name="other"/> too (for example to merge per-node recorders).</summary>
    public void AddAll(LatencyRecorder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (long sampleUs in other._samplesUs) Record(sampleUs);
    }

    /// <summary>All samples, sorted ascending.</summary>
    public ReadOnlySpan<long> SortedSamplesUs
    {
        get
        {
            EnsureSorted();
            return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_samplesUs);
        }
    }

    /// <summary>Arithmetic mean in microseconds; 0 when empty.</summary>
    public double MeanUs => Count == 0 ? 0 : (double)_sumUs / Count;

    /// <summary>The nearest-rank percentile (see <see cref="NearestRank"/>); <paramref name="percent"/> in [0, 100].</summary>
    public long PercentileUs(double percent)
    {
        if (Count == 0) throw new InvalidOperationException("A percentile of no samples is undefined; check Count first.");
        return NearestRank.Of(SortedSamplesUs, percent);
    }

    /// <summary>Count, mean, min, p50, p90, p99, p999 and max; <see cref="LatencySummary.Empty"/> when empty.</summary>
    public LatencySummary Summarize()
    {
        if (Count == 0) return LatencySummary.Empty;
        ReadOnlySpan<long> sorted = SortedSamplesUs;
        return new LatencySummary(
            Count,
            MeanUs,
            LatencyUsMin: sorted[0],
            LatencyUsP50: NearestRank.Of(sorted, 50),
            LatencyUsP90: NearestRank.Of(sorted, 90),
            LatencyUsP99: NearestRank.Of(sorted, 99),
            LatencyUsP999: NearestRank.Of(sorted, 99.9),
            LatencyUsMax: sorted[^1]);
    }

    /// <summary>
    /// The empirical CDF as at most <paramref name="maxPoints"/> points (see <see cref="EmpiricalCdf"/>), for export
    /// and charts.
    /// </summary>
    public IReadOnlyList<LatencyCdfPoint> Cdf(int maxPoints = EmpiricalCdf.DefaultMaxPoints)
    {
        var points = EmpiricalCdf.Points(SortedSamplesUs, maxPoints);
        var rows = new LatencyCdfPoint[points.Count];
        for (int i = 0; i < rows.Length; i++) rows[i] = new LatencyCdfPoint(points[i].Value, points[i].CumulativeFraction);
        return rows;
    }

    /// <summary>Counts per fixed-width bucket; see <see cref="LatencyHistogram.Linear"/>.</summary>
    public IReadOnlyList<HistogramBucket> HistogramLinear(long bucketWidthUs, int maxBuckets = LatencyHistogram.DefaultMaxBuckets) =>
        LatencyHistogram.Linear(SortedSamplesUs, bucketWidthUs, maxBuckets);

    /// <summary>Counts per 1-2-5 bucket (1, 2, 5, 10, 20, 50 µs ...); see <see cref="LatencyHistogram.OneTwoFive"/>.</summary>
    public IReadOnlyList<HistogramBucket> HistogramOneTwoFive() => LatencyHistogram.OneTwoFive(SortedSamplesUs);

    private void EnsureSorted()
    {
        if (_sorted) return;
        _samplesUs.Sort();
        _sorted = true;
    }
}
