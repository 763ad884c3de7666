namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// Series colours: the Okabe–Ito palette, which stays distinguishable under the common colour-vision deficiencies.
/// Its yellow is left out because it vanishes on white.
/// </summary>
public static class Palette
{
    private static readonly string[] Colours =
    [
        "#0072B2", // blue
        "#D55E00", // vermilion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
    ];

    /// <summary>The colour of the series at <paramref name="index"/>; colours repeat after seven series.</summary>
    public static string Series(int index) => Colours[(int)((uint)index % (uint)Colours.Length)];
}
