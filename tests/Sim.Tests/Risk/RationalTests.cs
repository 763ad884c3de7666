using HealthLedger.Sim.Risk;

namespace HealthLedger.Sim.Tests.Risk;

public sealed class RationalTests
{
    [Theory]
    [InlineData("0.67", 67, 100)]
    [InlineData("2/3", 2, 3)]
    [InlineData("4/6", 2, 3)]
    [InlineData("1", 1, 1)]
    [InlineData(" .5 ", 1, 2)]
    [InlineData("0.8/2", 2, 5)]
    public void Parses_decimals_and_fractions_exactly(string text, int numerator, int denominator)
    {
        Assert.True(Rational.TryParse(text, out var value, out _));
        Assert.Equal(new Rational(numerator, denominator), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1e-3")]
    [InlineData("1/0")]
    [InlineData("0.6.7")]
    [InlineData("/")]
    public void Rejects_what_is_not_a_plain_number(string text) => Assert.False(Rational.TryParse(text, out _, out _));

    [Fact]
    public void Ceiling_is_exact_where_floating_point_is_not()
    {
        // In doubles 0.07 * 100 is 7.000000000000001, whose ceiling 8 would demand one signer too many.
        Assert.Equal(8, (int)Math.Ceiling(0.07 * 100));
        Assert.Equal(7, (int)(Rational.Parse("0.07") * Rational.FromInteger(100)).Ceiling());
        Assert.Equal(5, (int)(Rational.Parse("0.67") * Rational.FromInteger(7)).Ceiling());
        Assert.Equal(-3, (int)new Rational(-5, 2).Floor());
    }
}
