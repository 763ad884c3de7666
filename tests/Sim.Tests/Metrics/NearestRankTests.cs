using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Metrics;
using HealthLedger.Tests;
using MathNet.Numerics.Statistics;

namespace HealthLedger.Sim.Tests.Metrics;

public class NearestRankTests
{
    // The textbook example of the nearest-rank method (five samples).
    [Theory]
    [InlineData(5, 15)]
    [InlineData(30, 20)]
    [InlineData(40, 20)]
    [InlineData(50, 35)]
    [InlineData(100, 50)]
    [InlineData(0, 15)]
    public void Five_samples_match_the_hand_computed_ranks(double percent, long expected)
    {
        long[] sorted = [15, 20, 35, 40, 50];
        Assert.Equal(expected, NearestRank.Of<long>(sorted, percent));
    }

    [Theory]
    [InlineData(50, 500)]
    [InlineData(90, 900)]
    [InlineData(99, 990)]
    [InlineData(99.9, 999)] // 0.999 × 1000 in binary floating point is not 999; the rank must still be 999
    [InlineData(99.95, 1000)]
    [InlineData(0.1, 1)]
    [InlineData(0.15, 2)]
    public void Thousand_samples_give_exact_ranks(double percent, long expectedRank)
    {
        Assert.Equal(expectedRank, NearestRank.Rank(percent, 1000));
    }

    [Theory]
    [InlineData(7, 100, 7)] // 0.07 × 100 = 7.000000000000001 in doubles
    [InlineData(29, 100, 29)] // 0.29 × 100 = 28.999999999999996 in doubles
    [InlineData(50, 1, 1)]
    [InlineData(99, 10, 10)]
    [InlineData(10, 10, 1)]
    [InlineData(11, 10, 2)]
    public void Rank_is_ceiling_of_exact_product(double percent, long count, long expectedRank)
    {
        Assert.Equal(expectedRank, NearestRank.Rank(percent, count));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.1)]
    [InlineData(double.NaN)]
    public void Percent_outside_0_to_100_is_rejected(double percent)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.Rank(percent, 10));
    }

    [Fact]
    public void No_samples_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.Rank(50, 0));
    }

    [Fact]
    public void Agrees_with_MathNet_R1_where_the_product_is_not_an_integer()
    {
        double[] samples = Enumerable.Range(1, 37).Select(i => (double)(i * i % 101)).Order().ToArray();
        foreach (double percent in new[] { 1.0, 13, 50, 77, 90, 99 })
        {
            double expected = SortedArrayStatistics.QuantileCustom(samples, percent / 100, QuantileDefinition.R1);
            Assert.Equal(expected, NearestRank.Of<double>(samples, percent));
        }
    }

    [Fact]
    public void Rank_matches_an_integer_oracle()
    {
        // Percent in thousandths, so the oracle ceil(permille × n / 1000) is exact integer arithmetic.
        var gen = Gen.Zip(Gen.Choose(0, 100_000), Gen.Choose(1, 1_000_000));
        Prop.ForAll(Arb.From(gen), pair =>
        {
            var (permilleTimes100, count) = pair;
            long oracle = Math.Max(1, ((long)permilleTimes100 * count + 99_999) / 100_000);
            return NearestRank.Rank(permilleTimes100 / 1000.0, count) == oracle;
        }).Check(PropertyConfig.Default(seed: 5001, maxTest: 500));
    }

    [Fact]
    public void Percentiles_are_monotone_and_within_min_and_max()
    {
        var gen = Gen.Zip(
            Gen.NonEmptyListOf(Gen.Choose(0, 1_000_000)),
            Gen.ListOf(Gen.Choose(0, 1000)));
        Prop.ForAll(Arb.From(gen), pair =>
        {
            var (samples, permilles) = pair;
            long[] sorted = samples.Select(v => (long)v).Order().ToArray();
            double[] percents = permilles.Select(p => p / 10.0).Order().ToArray();
            long previous = long.MinValue;
            foreach (double percent in percents)
            {
                long value = NearestRank.Of<long>(sorted, percent);
                if (value < previous || value < sorted[0] || value > sorted[^1] || Array.IndexOf(sorted, value) < 0) return false;
                previous = value;
            }
            return true;
        }).Check(PropertyConfig.Default(seed: 5002));
    }
}
