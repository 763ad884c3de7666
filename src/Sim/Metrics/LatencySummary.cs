namespace HealthLedger.Sim.Metrics;

/// <summary>
/// Count, mean and nearest-rank percentiles (see <see cref="NearestRank"/>) of a set of latencies, in microseconds.
/// An empty set summarizes to <see cref="Count"/> 0 and zeros everywhere else: read <see cref="Count"/> first.
/// </summary>
/// <param name="Count">Number of samples.</param>
/// <param name="LatencyUsMean">Arithmetic mean; the only field that is not one of the samples.</param>
/// <param name="LatencyUsMin">Smallest sample.</param>
/// <param name="LatencyUsP50">Median by nearest rank.</param>
/// <param name="LatencyUsP90">90th percentile by nearest rank.</param>
/// <param name="LatencyUsP99">99th percentile by nearest rank.</param>
/// <param name="LatencyUsP999">99.9th percentile by nearest rank.</param>
/// <param name="LatencyUsMax">Largest sample.</param>
[CsvHelper.CsvRecord]
public sealed partial record LatencySummary(
    long Count,
    double LatencyUsMean,
    long LatencyUsMin,
    long LatencyUsP50,
    long LatencyUsP90,
    long LatencyUsP99,
    long LatencyUsP999,
    long LatencyUsMax)
{
    /// <summary>The summary of no samples at all.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}
