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

    /// <summary>
    /// The probabilities p in [0, 1) where <paramref name="gap"/>(p) changes sign, lowest first: a scan of
    /// <see cref="ScanGrid"/> (log-spaced below 0.01, every 0.01 above), each sign change refined by bisection to
    /// within 1e-6 of its value. Points where the gap is exactly zero keep the sign before them, so a gap that touches
    /// zero without crossing is not a crossing. Crossings closer together than the grid's spacing can be missed.
    /// </summary>
    public static IReadOnlyList<double> Crossings(Func<double, double> gap)
    {
        var crossings = new List<double>();
        double previous = ScanGrid[0];
        int previousSign = Math.Sign(gap(previous));
        for (int i = 1; i < ScanGrid.Count; i++)
        {
            double p = ScanGrid[i];
            int sign = Math.Sign(gap(p));
            if (sign != 0 && previousSign != 0 && sign != previousSign)
            {
                double low = previous, high = p;
                while (high - low > 1e-6 * high)
                {
                    double middle = (low + high) / 2;
                    int s = Math.Sign(gap(middle));
                    if (s == previousSign || s == 0) low = middle; else high = middle;
                }
                crossings.Add((low + high) / 2);
            }
            if (sign != 0) previousSign = sign;
            previous = p;
        }
        return crossings;
    }

    /// <summary>0, 10 points per decade from 1e-12 to 0.01, then 0.01 to 0.99 in steps of 0.01, then 0.999.</summary>
    public static IReadOnlyList<double> ScanGrid { get; } = BuildGrid();

    private static double[] BuildGrid()
    {
        var grid = new List<double> { 0 };
        for (int i = -120; i < -20; i++) grid.Add(Math.Pow(10, i / 10.0));
        for (int i = 1; i <= 99; i++) grid.Add(i / 100.0);
        grid.Add(0.999);
        return grid.ToArray();
    }
}
