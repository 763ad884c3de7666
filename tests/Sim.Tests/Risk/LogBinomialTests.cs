using HealthLedger.Sim.Risk.Probability;
using MathNet.Numerics.Distributions;

namespace HealthLedger.Sim.Tests.Risk;

public sealed class LogBinomialTests
{
    [Fact]
    public void Upper_tail_of_Bin_100_quarter_at_67_is_1_2e_minus_18()
    {
        // Exact value from rational arithmetic: 1.2142442742219685e-18. 1 - CDF would give 0 here.
        double tail = Math.Exp(new LogBinomial(100, 0.25).LogUpperTail(67));
        Assert.Equal(1.2142442742219685e-18, tail, tolerance: 1.2142442742219685e-18 * 1e-9);
        Assert.Equal(0.0, 1 - Binomial.CDF(0.25, 100, 66));
    }

    [Theory]
    [InlineData(21, 0.1)]
    [InlineData(7, 0.5)]
    [InlineData(50, 0.37)]
    public void Pmf_and_tails_agree_with_MathNet_where_doubles_suffice(int n, double p)
    {
        var table = new LogBinomial(n, p);
        for (int k = 0; k <= n; k++)
        {
            Assert.Equal(Binomial.PMF(p, n, k), Math.Exp(table.LogPmf(k)), 1e-12);
            Assert.Equal(Binomial.CDF(p, n, k), Math.Exp(table.LogLowerTail(k)), 1e-12);
            Assert.Equal(1 - Binomial.CDF(p, n, k - 1), Math.Exp(table.LogUpperTail(k)), 1e-12);
        }
    }

    [Fact]
    public void Degenerate_probabilities_put_all_mass_on_one_end()
    {
        var never = new LogBinomial(5, 0);
        Assert.Equal(0, never.LogPmf(0));
        Assert.True(double.IsNegativeInfinity(never.LogUpperTail(1)));
        var always = new LogBinomial(5, 1);
        Assert.Equal(0, always.LogPmf(5));
        Assert.True(double.IsNegativeInfinity(always.LogLowerTail(4)));
    }

    [Fact]
    public void Log_sum_keeps_terms_far_below_double_precision_and_far_below_underflow()
    {
        var sum = new LogSum();
        sum.Add(-1000);
        sum.Add(-1000);
        Assert.Equal(-1000 + Math.Log(2), sum.Log, 1e-12);
        Assert.Equal(1e-20, LogSum.Log1P(1e-20));
        Assert.True(double.IsNegativeInfinity(new LogSum().Log));
    }
}
