using HealthLedger.Sim.Core;

namespace HealthLedger.Sim.Workload;

/// <summary>Turns arrival processes into the sorted list of planned operation times (µs of simulated time).</summary>
public static class ArrivalSchedule
{
    /// <summary>Every planned time in [0, durationUs), sorted; ties keep process order, so the list is deterministic.</summary>
    public static long[] Plan(IReadOnlyList<ArrivalSpec> arrivals, long durationUs, SimRandom rng)
    {
        var times = new List<long>();
        foreach (var a in arrivals)
        {
            long startUs = (long)(a.StartMs * 1000);
            long endUs = Math.Min(durationUs, a.EndMs is { } e ? (long)(e * 1000) : durationUs);
            switch (a.Kind)
            {
                case "poisson":
                    double meanGapUs = 1_000_000.0 / a.RatePerSec;
                    for (double t = startUs + rng.NextExponential(meanGapUs); t < endUs; t += rng.NextExponential(meanGapUs))
                        times.Add((long)t);
                    break;
                case "burst":
                    for (long t = startUs; t < endUs; t += (long)(a.EveryMs * 1000))
                        for (int i = 0; i < a.Count; i++)
                        {
                            long at = t + (long)(a.SpreadMs * 1000 * rng.NextDouble());
                            if (at < endUs) times.Add(at);
                        }
                    break;
                case "batch":
                    for (long t = startUs; t < endUs; t += (long)(a.EveryMs * 1000))
                        for (int i = 0; i < a.Count; i++) times.Add(t);
                    break;
            }
        }
        var sorted = times.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
