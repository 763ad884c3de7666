namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// A probability kept as the natural logarithms of both itself and its complement, each summed separately, so that
/// a failure probability of 1e-18 and a survival probability of 1e-18 are both reported accurately.
/// </summary>
public readonly record struct LogProbability(double LogValue, double LogComplement)
{
    /// <summary>The probability.</summary>
    public double Value => Math.Exp(LogValue);

    /// <summary>One minus the probability, from its own sum.</summary>
    public double Complement => Math.Exp(LogComplement);

    /// <summary>The base-10 logarithm, handy for orders of magnitude.</summary>
    public double Log10Value => LogValue / Math.Log(10);

    /// <summary>Certainly true.</summary>
    public static LogProbability Certain => new(0, double.NegativeInfinity);

    /// <summary>Certainly false.</summary>
    public static LogProbability Impossible => new(double.NegativeInfinity, 0);
}
