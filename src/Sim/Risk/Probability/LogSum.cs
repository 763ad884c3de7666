namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// Accumulates a sum of probabilities given as natural logarithms, without leaving log space: a tail such as
/// P[Bin(100, 1/4) &gt;= 67] (about 1.2e-18) is a sum of terms far below double's relative precision next to 1, so
/// it must never be computed as 1 - CDF, and terms far smaller still must not underflow on the way.
/// </summary>
public struct LogSum
{
    private double _max;
    private double _scaledSum;
    private bool _any;

    /// <summary>Adds exp(<paramref name="logTerm"/>); negative infinity (a zero term) is ignored.</summary>
    public void Add(double logTerm)
    {
        if (double.IsNegativeInfinity(logTerm)) return;
        if (double.IsNaN(logTerm)) throw new ArgumentException("A log-probability term is NaN.", nameof(logTerm));
        if (!_any) { _max = logTerm; _scaledSum = 1; _any = true; return; }
        if (logTerm <= _max)
        {
            // The scaled sum is at least 1, so a term below e^-40 (< 4.3e-18, under half an ulp of 1) cannot change
            // it: skipping it gives the same bits and spares exp's slow underflow path (a 1,000-validator model adds
            // about a quarter of a million such terms).
            if (logTerm - _max < -40) return;
            _scaledSum += Math.Exp(logTerm - _max);
            return;
        }
        // Rescale to the new largest term so every stored addend stays at most 1.
        _scaledSum = _scaledSum * Math.Exp(_max - logTerm) + 1;
        _max = logTerm;
    }

    /// <summary>The natural logarithm of the sum; negative infinity when nothing (or only zeros) was added.</summary>
    public readonly double Log => _any ? _max + Math.Log(_scaledSum) : double.NegativeInfinity;

    /// <summary>log(exp(a) + exp(b)).</summary>
    public static double Add(double logA, double logB)
    {
        var sum = new LogSum();
        sum.Add(logA);
        sum.Add(logB);
        return sum.Log;
    }

    /// <summary>
    /// log(1 + x), accurate for tiny x where Math.Log(1 + x) loses everything; .NET's double.LogP1 is not
    /// guaranteed accurate there. The correction term is the classic one (Goldberg 1991, Theorem 4).
    /// </summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
