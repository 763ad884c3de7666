using System.Globalization;

namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// Formats tick values of the form k × 10^e exactly (through <see cref="decimal"/>, so 0.1 + 0.2 never shows as
/// 0.30000000000000004) with as many decimals as the step needs, and with a k, M or G suffix for large values.
/// </summary>
internal static class TickLabel
{
    private static readonly (int Exponent, string Suffix)[] Suffixes = [(9, "G"), (6, "M"), (3, "k")];

    /// <summary>
    /// The suffix exponent for ticks up to <paramref name="maxAbs"/> with step exponent <paramref name="stepExponent"/>:
    /// used from 10,000 up (so years and ports stay "5000"), taking the largest suffix not above the values and
    /// only while at most two decimals are needed after dividing.
    /// </summary>
    public static int SuffixExponentFor(double maxAbs, int stepExponent)
    {
        if (maxAbs < 10_000) return 0;
        foreach (var (exponent, _) in Suffixes)
            if (maxAbs >= Decimal10.Pow(exponent) && exponent - stepExponent <= 2) return exponent;
        return 0;
    }

    /// <summary>The label of <paramref name="units"/> × 10^<paramref name="exponent"/>, divided by 10^<paramref name="suffixExponent"/>.</summary>
    public static string Format(long units, int exponent, int suffixExponent)
    {
        if (units == 0) return "0"; // "0k" or "0.00" would say more than zero has
        int shifted = exponent - suffixExponent;
        string suffix = suffixExponent == 0 ? "" : Suffixes.First(s => s.Exponent == suffixExponent).Suffix;
        if (shifted is < -20 or > 20)
            return Decimal10.Scale(units, shifted).ToString("G4", CultureInfo.InvariantCulture) + suffix;
        decimal value = units;
        for (int i = 0; i < shifted; i++) value *= 10;
        for (int i = 0; i > shifted; i--) value /= 10;
        int decimals = Math.Max(0, -shifted);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + suffix;
    }
}
