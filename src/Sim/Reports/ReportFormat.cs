using System.Globalization;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// Number formatting for human-facing reports (Markdown, chart labels): invariant culture, fixed decimals, so
/// "1234.5" reads the same on every machine. Machine-facing files (CSV, JSON) use shortest round-trip instead.
/// </summary>
public static class ReportFormat
{
    /// <summary><paramref name="value"/> with exactly <paramref name="decimals"/> decimals, e.g. 12.30.</summary>
    public static string Fixed(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 15);
        if (double.IsNaN(value)) return "NaN";
        string text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // "-0.00" says a sign that the value does not have at this precision.
        return text.TrimStart('-').All(ch => ch is '0' or '.') ? text.TrimStart('-') : text;
    }

    /// <summary>An integer with thousands separators, e.g. 1,234,567.</summary>
    public static string Integer(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Microseconds as milliseconds with three decimals, e.g. 12345 → "12.345".</summary>
    public static string MicrosecondsAsMs(long valueUs) => Fixed(valueUs / 1000.0, 3);

    /// <summary>A share in [0, 1] as a percent with the given decimals, e.g. 0.1234 → "12.34%".</summary>
    public static string Percent(double fraction, int decimals = 2) => Fixed(fraction * 100, decimals) + "%";
}
