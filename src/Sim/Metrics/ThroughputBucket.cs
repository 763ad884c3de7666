namespace HealthLedger.Sim.Metrics;

/// <summary>Events counted in the virtual-time interval [<paramref name="StartUs"/>, <paramref name="EndUs"/>).</summary>
/// <param name="StartUs">Inclusive start in microseconds of virtual time.</param>
/// <param name="EndUs">Exclusive end in microseconds of virtual time.</param>
/// <param name="Count">Events in the interval.</param>
/// <param name="EventsPerSecond">Count divided by the interval's length in seconds.</param>
[CsvHelper.CsvRecord]
public sealed partial record ThroughputBucket(long StartUs, long EndUs, long Count, double EventsPerSecond);
