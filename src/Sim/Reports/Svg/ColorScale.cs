using System.Globalization;

namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// The viridis colour map (perceptually uniform, readable in grey and by colour-blind readers), as nine stops with
/// linear interpolation between them, mapping 0 → dark purple and 1 → yellow.
/// </summary>
public static class ColorScale
{
    private static readonly (byte R, byte G, byte B)[] Stops =
    [
        (0x44, 0x01, 0x54), (0x47, 0x2c, 0x7a), (0x3b, 0x51, 0x8b), (0x2c, 0x71, 0x8e), (0x21, 0x90, 0x8d),
        (0x27, 0xad, 0x81), (0x5c, 0xc8, 0x63), (0xaa, 0xdc, 0x32), (0xfd, 0xe7, 0x25),
    ];

    /// <summary>The colour for <paramref name="fraction"/> in [0, 1] (clamped) as "#rrggbb".</summary>
    public static string Viridis(double fraction)
    {
        if (double.IsNaN(fraction)) throw new ArgumentOutOfRangeException(nameof(fraction), "NaN has no colour.");
        double position = Math.Clamp(fraction, 0, 1) * (Stops.Length - 1);
        int low = Math.Min((int)position, Stops.Length - 2);
        double t = position - low;
        var (r0, g0, b0) = Stops[low];
        var (r1, g1, b1) = Stops[low + 1];
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(r0, r1, t):x2}{Mix(g0, g1, t):x2}{Mix(b0, b1, t):x2}");
    }

    /// <summary>
    /// A vertical <c>linearGradient</c> definition through the viridis stops, 0 at the bottom and 1 at the top, for
    /// colour bars.
    /// </summary>
    public static string ViridisGradient(string id)
    {
        var text = new System.Text.StringBuilder();
        text.Append("<defs><linearGradient id=\"").Append(id).Append("\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (int i = 0; i < Stops.Length; i++)
        {
            double offset = (double)i / (Stops.Length - 1);
            text.Append("<stop offset=\"").Append(offset.ToString("0.###", CultureInfo.InvariantCulture))
                .Append("\" stop-color=\"").Append(Viridis(offset)).Append("\"/>");
        }
        return text.Append("</linearGradient></defs>").ToString();
    }

    /// <summary>Black or white, whichever reads better on <paramref name="fraction"/>'s colour.</summary>
    public static string TextOn(double fraction) => fraction > 0.55 ? "#000000" : "#ffffff";

    private static int Mix(byte from, byte to, double t) => (int)Math.Round(from + (to - from) * t, MidpointRounding.AwayFromZero);
}
