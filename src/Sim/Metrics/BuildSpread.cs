namespace HealthLedger.Sim.Metrics;

/// <summary>
/// How far apart in time the nodes built (or validated) the same ledgers: for each ledger the time from the first node's
/// to the last node's, and for each node the median time from the first node's to its own. One definition for both the
/// simulator's nodes and a loopback cluster's logs, so that the sweep's calibration compares like with like.
/// </summary>
public static class BuildSpread
{
    /// <summary>Over the <paramref name="counted"/> sequences that every node has a time for: each ledger's first-to-last
    /// spread, sorted ascending, and each node's median lag behind the first (nearest rank), both in ms; null when no
    /// sequence qualifies. <paramref name="unitsPerMs"/> converts the times (1 for ms, 1000 for µs).</summary>
    public static (double[] SpreadsMs, double[] LagsMsP50)? Of(IReadOnlyList<IReadOnlyDictionary<uint, long>> timesByNode, IEnumerable<uint> counted, double unitsPerMs)
    {
        var every = counted.Where(s => timesByNode.All(n => n.ContainsKey(s))).ToList();
        if (every.Count == 0 || timesByNode.Count == 0) return null;
        var first = every.ToDictionary(s => s, s => timesByNode.Min(n => n[s]));
        double[] spreads = [.. every.Select(s => (timesByNode.Max(n => n[s]) - first[s]) / unitsPerMs).Order()];
        double[] lags = [.. timesByNode.Select(n => NearestRank.Of<double>([.. every.Select(s => (n[s] - first[s]) / unitsPerMs).Order()], 50))];
        return (spreads, lags);
    }

    /// <summary>Over the <paramref name="counted"/> sequences that every node built and validated: how long after the last
    /// node's build the first node's validation came, ms, sorted ascending (a quorum may validate before the last build,
    /// so some can be negative); null when no sequence qualifies.</summary>
    public static double[]? ValidationAfterLastBuild(IReadOnlyList<IReadOnlyDictionary<uint, long>> built, IReadOnlyList<IReadOnlyDictionary<uint, long>> validated,
        IEnumerable<uint> counted, double unitsPerMs)
    {
        var every = counted.Where(s => built.All(n => n.ContainsKey(s)) && validated.All(n => n.ContainsKey(s))).ToList();
        if (every.Count == 0 || built.Count == 0 || validated.Count == 0) return null;
        return [.. every.Select(s => (validated.Min(n => n[s]) - built.Max(n => n[s])) / unitsPerMs).Order()];
    }
}
