namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// Powers of ten without <see cref="Math.Pow(double, double)"/>, whose last bit may differ between C runtimes: a
/// positive power up to 10^22 is exact in a double, and dividing by one is correctly rounded by IEEE 754.
/// </summary>
internal static class Decimal10
{
    private static readonly double[] Positive = BuildPositive();

    /// <summary>10^<paramref name="exponent"/> for exponents in [-300, 300].</summary>
    public static double Pow(int exponent)
    {
        if (exponent is < -300 or > 300) throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "Outside the range a chart needs.");
        return exponent >= 0 ? PositivePow(exponent) : 1 / PositivePow(-exponent);
    }

    /// <summary>m × 10^e, correctly rounded for the exponents a chart meets.</summary>
    public static double Scale(long mantissa, int exponent) =>
        exponent >= 0 ? mantissa * PositivePow(exponent) : mantissa / PositivePow(-exponent);

    /// <summary>The largest e with 10^e ≤ <paramref name="value"/> (value &gt; 0), checked exactly against powers of ten.</summary>
    public static int FloorLog10(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "Needs a positive finite number.");
        int e = (int)Math.Floor(Math.Log10(value));
        // Log10 is an estimate here; the comparisons below are exact, so the answer does not depend on the libm.
        while (e > -300 && Pow(e) > value) e--;
        while (e < 300 && Pow(e + 1) <= value) e++;
        return e;
    }

    private static double PositivePow(int exponent)
    {
        if (exponent < Positive.Length) return Positive[exponent];
        double result = Positive[^1];
        for (int i = Positive.Length - 1; i < exponent; i++) result *= 10;
        return result;
    }

    private static double[] BuildPositive()
    {
        var powers = new double[23];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++) powers[i] = powers[i - 1] * 10; // exact up to 10^22
        return powers;
    }
}
