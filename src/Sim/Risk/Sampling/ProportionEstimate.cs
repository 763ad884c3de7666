namespace HealthLedger.Sim.Risk.Sampling;

/// <summary>
/// A proportion observed in trials, with its 95% Wilson score interval. Wilson rather than the normal approximation
/// because failure counts are often 0 or all trials, where the normal interval collapses to a single point.
/// </summary>
public sealed record ProportionEstimate(long Successes, long Trials, double Lower95, double Upper95)
{
    /// <summary>z for a two-sided 95% interval: the 0.975 quantile of the standard normal.</summary>
    public static readonly double Z95 = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.975);

    /// <summary>Successes / trials (0 when there were no trials).</summary>
    public double Estimate => Trials == 0 ? 0 : (double)Successes / Trials;

    /// <summary>The estimate with its Wilson 95% interval.</summary>
    public static ProportionEstimate Wilson(long successes, long trials)
    {
        if (trials < 0 || successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), $"{successes} successes in {trials} trials is impossible.");
        if (trials == 0) return new ProportionEstimate(0, 0, 0, 1);
        double n = trials, phat = successes / n, z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (phat + z2 / (2 * n)) / denominator;
        double halfWidth = Z95 / denominator * Math.Sqrt(phat * (1 - phat) / n + z2 / (4 * n * n));
        return new ProportionEstimate(successes, trials, Math.Max(0, centre - halfWidth), Math.Min(1, centre + halfWidth));
    }

    /// <summary>True when <paramref name="value"/> lies inside the interval.</summary>
    public bool Covers(double value) => value >= Lower95 && value <= Upper95;
}
