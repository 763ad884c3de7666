namespace HealthLedger.Sim.Metrics;

/// <summary>
/// The one percentile definition used in every report: nearest rank. For n sorted samples and a percent p in
/// [0, 100], the p-th percentile is the sample at 1-based rank ceil(p / 100 × n), with rank 0 taken as 1 (so p = 0
/// gives the minimum and p = 100 the maximum). The result is always one of the recorded samples, never an
/// interpolation, which is what makes "p99 = 412 ms" checkable against the raw data. It equals R's quantile type 1
/// and MathNet's <c>QuantileDefinition.R1</c>.
/// </summary>
public static class NearestRank
{
    /// <summary>
    /// The 1-based rank of the <paramref name="percent"/>-th percentile among <paramref name="count"/> samples.
    /// </summary>
    /// <remarks>
    /// The product is taken in <see cref="decimal"/> because in binary floating point 0.999 × 1000 is not 999, and
    /// ceil would then pick the next sample: p999 of 1,000 samples must be the 999th, not the 1,000th.
    /// </remarks>
    public static long Rank(double percent, long count)
    {
        if (!(percent >= 0 && percent <= 100))
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is a percent in [0, 100].");
        if (count <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "A percentile needs at least one sample.");
        decimal exact = (decimal)percent * count / 100m;
        long rank = (long)decimal.Ceiling(exact);
        return Math.Clamp(rank, 1, count);
    }

    /// <summary>The nearest-rank percentile of samples already sorted ascending.</summary>
    public static T Of<T>(ReadOnlySpan<T> sortedAscending, double percent)
    {
        long rank = Rank(percent, sortedAscending.Length);
        return sortedAscending[(int)(rank - 1)];
    }
}
