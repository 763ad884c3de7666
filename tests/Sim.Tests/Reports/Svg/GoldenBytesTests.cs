using System.Security.Cryptography;
using System.Text;

namespace HealthLedger.Sim.Tests.Reports.Svg;

/// <summary>
/// Pins the bytes of the sample charts across processes and runs (in-process repeats cannot catch, say, output that
/// depends on per-process string hashing). A deliberate change of the chart layout changes this digest: check the
/// charts visually (HL_CHART_OUT, rsvg-convert), then update it. Computed on Linux x64; a platform whose libm rounds
/// Math.Log10 differently in the last bit could move a log-axis coordinate by 0.01 px.
/// </summary>
public class GoldenBytesTests
{
    private const string ExpectedSha256 = "8f6a7068025928b3135c2969c817a688c36b4f95d095db477010482459dc621f";

    [Fact]
    public void Sample_charts_have_the_pinned_bytes()
    {
        var all = new StringBuilder();
        foreach (var (name, svg) in SampleCharts.All()) all.Append(name).Append('\n').Append(svg);
        string actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())));
        Assert.True(ExpectedSha256 == actual, $"Sample chart bytes changed; SHA-256 is now {actual}.");
    }
}
