namespace HealthLedger.Sim.Metrics;

/// <summary>Samples in the half-open interval [<paramref name="LowerUs"/>, <paramref name="UpperUs"/>).</summary>
/// <param name="LowerUs">Inclusive lower bound in microseconds.</param>
/// <param name="UpperUs">Exclusive upper bound in microseconds.</param>
/// <param name="Count">Number of samples in the interval.</param>
[CsvHelper.CsvRecord]
public sealed partial record HistogramBucket(long LowerUs, long UpperUs, long Count);
