namespace HealthLedger.Sim.Metrics;

/// <summary>One step of an empirical CDF: the share of samples less than or equal to <paramref name="Value"/>.</summary>
/// <param name="Value">A sample value, in the unit of the samples.</param>
/// <param name="CumulativeFraction">Share of samples ≤ <paramref name="Value"/>, in (0, 1].</param>
public readonly record struct CdfPoint<T>(T Value, double CumulativeFraction);

/// <summary>One step of a latency CDF, as written to <c>latency-cdf.csv</c>.</summary>
/// <param name="LatencyUs">A latency that some sample had, in microseconds.</param>
/// <param name="CumulativeFraction">Share of samples ≤ <paramref name="LatencyUs"/>, in (0, 1].</param>
[CsvHelper.CsvRecord]
public sealed partial record LatencyCdfPoint(long LatencyUs, double CumulativeFraction);
