using System.Globalization;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// Number formatting for human-facing reports (Markdown, chart labels): invariant culture, fixed decimals, so
/// "1234.5" reads the same on every machine. Machine-facing files (CSV, JSON) use shortest round-trip instead.
/// </summary>
public static class ReportFormat
{
    /// <summary>
    /// <paramref name="value"/> with exactly <paramref name="decimals"/> decimals, e.g. 12.30, rounding halves away
    /// from zero as a reader would by hand (12.345 → 12.35, 1234.5 → 1235). The value goes through
    /// <see cref="decimal"/> (15 significant digits) so that the rounding sees the number as it is written, not its
    /// binary neighbour.
    /// </summary>
    public static string Fixed(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 15);
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "Infinity" : "-Infinity";
        string format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        if (Math.Abs(value) >= 1e15) return value.ToString(format, CultureInfo.InvariantCulture); // beyond decimal's exact digits
        decimal rounded = Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);
        if (rounded == 0) rounded = 0m; // "-0.00" would claim a sign the value does not have at this precision
        return rounded.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>An integer with thousands separators, e.g. 1,234,567.</summary>
    public static string Integer(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Microseconds as milliseconds with three decimals, e.g. 12345 → "12.345".</summary>
    public static string MicrosecondsAsMs(long valueUs) => Fixed(valueUs / 1000.0, 3);

    /// <summary>A share in [0, 1] as a percent with the given decimals, e.g. 0.1234 → "12.34%".</summary>
    public static string Percent(double fraction, int decimals = 2) => Fixed(fraction * 100, decimals) + "%";
}
