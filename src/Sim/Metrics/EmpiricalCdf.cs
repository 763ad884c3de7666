namespace HealthLedger.Sim.Metrics;

/// <summary>
/// Turns sorted samples into the points of their empirical CDF: for each kept sample value v, the share of samples
/// ≤ v. One point per distinct value when there are few; otherwise a deterministic subset, so a chart of a million
/// samples stays a few kilobytes.
/// </summary>
public static class EmpiricalCdf
{
    /// <summary>Enough points for a smooth curve at chart resolution.</summary>
    public const int DefaultMaxPoints = 1000;

    /// <summary>
    /// The CDF points of <paramref name="sortedAscending"/>. With more distinct values than
    /// <paramref name="maxPoints"/>, keeps the samples at ranks 1 and ceil(j × n / (maxPoints − 1)) for
    /// j = 1 .. maxPoints − 1, so the minimum and the maximum are always present and the kept points are evenly
    /// spaced in probability, which is where a reader of a latency CDF looks.
    /// </summary>
    public static IReadOnlyList<CdfPoint<T>> Points<T>(ReadOnlySpan<T> sortedAscending, int maxPoints = DefaultMaxPoints)
        where T : IComparable<T>
    {
        if (maxPoints < 2) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "A CDF needs at least its two ends.");
        int n = sortedAscending.Length;
        var points = new List<CdfPoint<T>>(Math.Min(n, maxPoints));
        if (n == 0) return points;

        int candidateCount = Math.Min(n, maxPoints);
        int lastIndex = -1;
        for (int j = 0; j < candidateCount; j++)
        {
            // Index of the j-th candidate sample; with n ≤ maxPoints this is every sample.
            int index = n <= maxPoints ? j : j == 0 ? 0 : (int)(((long)j * n + (maxPoints - 2)) / (maxPoints - 1)) - 1;
            if (index <= lastIndex) continue;
            // Take the last of a run of equal values, so the fraction is "≤ v" and each value appears once.
            int end = index;
            while (end + 1 < n && sortedAscending[end + 1].CompareTo(sortedAscending[index]) == 0) end++;
            points.Add(new CdfPoint<T>(sortedAscending[end], (double)(end + 1) / n));
            lastIndex = end;
        }
        return points;
    }
}
