using MathNet.Numerics;

namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// The distribution of compromised validators in one group of n when each is compromised independently with
/// probability p, as log-probabilities: pmf, upper tail P[X &gt;= k] and lower tail P[X &lt;= k], all summed in log
/// space so that tiny tails keep their relative accuracy.
/// </summary>
public sealed class LogBinomial
{
    private readonly double[] _logPmf;
    private readonly double[] _logUpper;
    private readonly double[] _logLower;

    /// <summary>Tabulates Bin(<paramref name="trials"/>, <paramref name="probability"/>).</summary>
    public LogBinomial(int trials, double probability)
    {
        if (trials < 0) throw new ArgumentOutOfRangeException(nameof(trials), trials, "The number of trials must not be negative.");
        if (!(probability >= 0 && probability <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability lies in [0, 1].");
        Trials = trials;
        _logPmf = new double[trials + 1];
        double logP = Math.Log(probability), logQ = LogSum.Log1P(-probability);
        for (int k = 0; k <= trials; k++)
        {
            // 0 x log 0 is 0 here: with p = 0 every mass sits on k = 0, and with p = 1 on k = n.
            double success = k == 0 ? 0 : k * logP;
            double failure = k == trials ? 0 : (trials - k) * logQ;
            _logPmf[k] = SpecialFunctions.BinomialLn(trials, k) + success + failure;
        }
        _logUpper = new double[trials + 2];
        _logUpper[trials + 1] = double.NegativeInfinity;
        var upper = new LogSum();
        for (int k = trials; k >= 0; k--) { upper.Add(_logPmf[k]); _logUpper[k] = upper.Log; }
        _logLower = new double[trials + 1];
        var lower = new LogSum();
        for (int k = 0; k <= trials; k++) { lower.Add(_logPmf[k]); _logLower[k] = lower.Log; }
    }

    /// <summary>n.</summary>
    public int Trials { get; }

    /// <summary>ln P[X = k]; negative infinity outside 0..n.</summary>
    public double LogPmf(int k) => k < 0 || k > Trials ? double.NegativeInfinity : _logPmf[k];

    /// <summary>ln P[X &gt;= k].</summary>
    public double LogUpperTail(int k) => k <= 0 ? 0 : k > Trials ? double.NegativeInfinity : _logUpper[k];

    /// <summary>ln P[X &lt;= k].</summary>
    public double LogLowerTail(int k) => k < 0 ? double.NegativeInfinity : k >= Trials ? 0 : _logLower[k];
}
