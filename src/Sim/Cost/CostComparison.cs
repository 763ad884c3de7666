namespace HealthLedger.Sim.Cost;

/// <summary>
/// The ledger against a centralized baseline under the seed's formula, with the break-even points: the ledger failure
/// risk, the cost of failure, and the per-validator compromise probability at which the two cost the same.
/// </summary>
public sealed record CostComparison(SystemCost Ledger, SystemCost Centralized)
{
    /// <summary>Centralized minus ledger expected cost per period: positive when the ledger is cheaper.</summary>
    public double LedgerSavingPerPeriod => Centralized.ExpectedCostPerPeriod - Ledger.ExpectedCostPerPeriod;

    /// <summary>
    /// The ledger failure risk r at which both cost the same: r F_L + (1 - r) N_L = C, so r = (C - N_L) / (F_L - N_L).
    /// Null when no risk in [0, 1] balances them (one system is cheaper whatever the ledger's risk), or when the
    /// ledger's cost does not depend on its risk (F_L = N_L).
    /// </summary>
    public double? LedgerRiskAtBreakEven()
    {
        double slope = Ledger.CostOfFailure - Ledger.NormalCostPerPeriod;
        if (slope == 0) return null;
        double risk = (Centralized.ExpectedCostPerPeriod - Ledger.NormalCostPerPeriod) / slope;
        return risk is >= 0 and <= 1 ? risk : null;
    }

    /// <summary>
    /// The cost of failure F, the same for both systems (the same records are exposed), at which both cost the same:
    /// r_L F + (1 - r_L) N_L = r_C F + (1 - r_C) N_C, so F = ((1 - r_C) N_C - (1 - r_L) N_L) / (r_L - r_C). Above it the
    /// system with the lower risk is cheaper. Null when both risks are equal, or when the answer is negative.
    /// </summary>
    public double? CostOfFailureAtBreakEven()
    {
        double riskGap = Ledger.FailureProbabilityPerPeriod - Centralized.FailureProbabilityPerPeriod;
        if (riskGap == 0) return null;
        double cost = ((1 - Centralized.FailureProbabilityPerPeriod) * Centralized.NormalCostPerPeriod
                       - (1 - Ledger.FailureProbabilityPerPeriod) * Ledger.NormalCostPerPeriod) / riskGap;
        return cost >= 0 ? cost : null;
    }

    /// <summary>
    /// The per-validator compromise probability p at which the ledger, whose risk is <paramref name="ledgerRiskOf"/>(p),
    /// costs the same as the centralized baseline. The risk must be non-decreasing in p (true of the analytic model:
    /// failures are monotone in the compromised set). Found by bisection to <paramref name="tolerance"/>; null when the
    /// costs never cross on [0, 1].
    /// </summary>
    public double? CompromiseProbabilityAtBreakEven(Func<double, double> ledgerRiskOf, double tolerance = 1e-9)
    {
        double Gap(double p) => Ledger.WithFailureProbability(ledgerRiskOf(p)).ExpectedCostPerPeriod - Centralized.ExpectedCostPerPeriod;
        double low = 0, high = 1, gapLow = Gap(low), gapHigh = Gap(high);
        if (gapLow == 0) return 0;
        if (Math.Sign(gapLow) == Math.Sign(gapHigh)) return null;
        while (high - low > tolerance)
        {
            double middle = (low + high) / 2;
            if (Math.Sign(Gap(middle)) == Math.Sign(gapLow)) low = middle; else high = middle;
        }
        return (low + high) / 2;
    }
}
