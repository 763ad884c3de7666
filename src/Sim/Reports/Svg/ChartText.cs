namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// Font settings and a width estimate for laying out text without a font engine. The estimate errs wide (it follows
/// DejaVu Sans, wider than Arial or Helvetica), so labels may get a little more room than they need but never overlap.
/// </summary>
internal static class ChartText
{
    public const string FontFamily = "Helvetica, Arial, DejaVu Sans, sans-serif";
    public const string Colour = "#222222";

    /// <summary>Estimated width of <paramref name="text"/> in pixels at <paramref name="fontSizePx"/>.</summary>
    public static double WidthPx(string text, double fontSizePx)
    {
        double em = 0;
        foreach (char ch in text) em += EmWidth(ch);
        return em * fontSizePx;
    }

    private static double EmWidth(char ch) => ch switch
    {
        ' ' or '.' or ',' or ':' or ';' or '\'' or '|' or 'i' or 'j' or 'l' or '!' or 'I' => 0.32,
        'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '-' => 0.42,
        >= '0' and <= '9' => 0.64,
        'm' or 'w' or 'M' or 'W' or '%' or '@' => 0.95,
        >= 'A' and <= 'Z' => 0.74,
        >= 'a' and <= 'z' => 0.62,
        _ => 0.75, // symbols and non-Latin letters: assume wide
    };
}
