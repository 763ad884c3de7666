using HealthLedger.Sim.Reports.Svg;

namespace HealthLedger.Sim.Tests.Reports.Svg;

public class ScaleTests
{
    private static string[] Labels(AxisScale scale) => scale.Ticks.Where(t => t.Label.Length > 0).Select(t => t.Label).ToArray();

    [Fact]
    public void Linear_ticks_widen_to_nice_bounds()
    {
        var scale = LinearScale.Create(3, 97, targetTickCount: 6);
        Assert.Equal(0, scale.Min);
        Assert.Equal(100, scale.Max);
        Assert.Equal(["0", "20", "40", "60", "80", "100"], Labels(scale));
    }

    [Fact]
    public void Decimal_ticks_have_no_floating_point_noise()
    {
        var scale = LinearScale.Create(0.1, 0.7, targetTickCount: 7);
        Assert.Equal(["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"], Labels(scale));
        Assert.Equal(0.3, scale.Ticks[2].Value); // 3 / 10, not 0.1 + 0.1 + 0.1
    }

    [Fact]
    public void Large_values_take_a_suffix_and_zero_stays_zero()
    {
        var scale = LinearScale.Create(0, 15000, targetTickCount: 5);
        Assert.Equal(["0", "5k", "10k", "15k"], Labels(scale));
        var millions = LinearScale.Create(0, 2_500_000, targetTickCount: 6);
        Assert.Equal(["0", "0.5M", "1.0M", "1.5M", "2.0M", "2.5M"], Labels(millions));
    }

    [Fact]
    public void Tight_scale_keeps_the_data_range_and_only_ticks_inside_it()
    {
        var scale = LinearScale.Create(103, 470, targetTickCount: 6, tight: true);
        Assert.Equal(103, scale.Min);
        Assert.Equal(470, scale.Max);
        Assert.Equal(["200", "300", "400"], Labels(scale));
    }

    [Fact]
    public void Constant_data_gets_a_range_around_it()
    {
        var zero = LinearScale.Create(0, 0, 5);
        Assert.Equal((0.0, 1.0), (zero.Min, zero.Max));
        var constant = LinearScale.Create(40, 40, 5);
        Assert.True(constant.Min < 40 && constant.Max > 40);
    }

    [Theory]
    [InlineData(0.3, 5, -1)]
    [InlineData(1.4, 1, 0)]
    [InlineData(2.9, 2, 0)]
    [InlineData(8, 1, 1)]
    [InlineData(1000, 1, 3)]
    public void Nice_numbers_are_one_two_or_five_times_a_power_of_ten(double rough, long mantissa, int exponent)
    {
        Assert.Equal((mantissa, exponent), LinearScale.NiceNumber(rough));
    }

    [Fact]
    public void Log_ticks_cover_whole_decades_with_labelled_majors()
    {
        var scale = LogScale.Create(3, 95_000);
        Assert.Equal(0, scale.MinExponent);
        Assert.Equal(5, scale.MaxExponent);
        Assert.Equal(["1", "10", "100", "1k", "10k", "100k"], Labels(scale));
        Assert.Equal(0, scale.ToFraction(1), 12);
        Assert.Equal(1, scale.ToFraction(100_000), 12);
    }

    [Fact]
    public void Narrow_log_range_labels_two_and_five()
    {
        var scale = LogScale.Create(0.02, 0.9);
        Assert.Equal(["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"], Labels(scale));
    }

    [Fact]
    public void Floor_log10_is_exact_at_powers_of_ten()
    {
        Assert.Equal(3, Decimal10.FloorLog10(1000));
        Assert.Equal(2, Decimal10.FloorLog10(999.9999999999));
        Assert.Equal(-3, Decimal10.FloorLog10(0.001));
        Assert.Equal(-4, Decimal10.FloorLog10(0.000999));
    }
}
