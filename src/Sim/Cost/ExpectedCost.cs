namespace HealthLedger.Sim.Cost;

/// <summary>
/// The seed's cost formula (section 1): Cost = Risk of failure x Cost of failure + (1 - Risk of failure) x Normal cost,
/// for one system over one period. All amounts are in one currency unit of the caller's choosing.
/// </summary>
/// <param name="Name">What the system is, for reports ("ledger", "centralized").</param>
/// <param name="NormalCostPerPeriod">What running the system costs in a period without failure.</param>
/// <param name="FailureProbabilityPerPeriod">The probability that it fails within the period.</param>
/// <param name="CostOfFailure">What one failure costs (e.g. cost of failure per record times records exposed).</param>
public sealed record SystemCost(string Name, double NormalCostPerPeriod, double FailureProbabilityPerPeriod, double CostOfFailure)
{
    /// <summary>The expected cost per period under the seed's formula. Read literally, a failed period costs the cost
    /// of failure instead of (not on top of) the normal cost.</summary>
    public double ExpectedCostPerPeriod =>
        FailureProbabilityPerPeriod * CostOfFailure + (1 - FailureProbabilityPerPeriod) * NormalCostPerPeriod;

    /// <summary>Returns null if the inputs are usable, otherwise the problem.</summary>
    public string? Validate()
    {
        if (!(FailureProbabilityPerPeriod is >= 0 and <= 1)) return $"{Name}: the failure probability must lie in [0, 1], got {FailureProbabilityPerPeriod}";
        if (!(NormalCostPerPeriod >= 0) || double.IsInfinity(NormalCostPerPeriod)) return $"{Name}: the normal cost must be a finite non-negative amount, got {NormalCostPerPeriod}";
        if (!(CostOfFailure >= 0) || double.IsInfinity(CostOfFailure)) return $"{Name}: the cost of failure must be a finite non-negative amount, got {CostOfFailure}";
        return null;
    }

    /// <summary>The same system with another failure probability.</summary>
    public SystemCost WithFailureProbability(double probability) => this with { FailureProbabilityPerPeriod = probability };

    /// <summary>The expected cost over <paramref name="periods"/> periods, each an independent draw of the same risk.</summary>
    public double ExpectedCostOver(int periods) => periods * ExpectedCostPerPeriod;
}
