namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// A base-10 logarithmic axis from the decade below the smallest value to the decade above the largest. Major ticks
/// at powers of ten, minor ticks at 2..9 × 10^k; over at most two decades the 2 and 5 ticks are labelled too.
/// </summary>
internal sealed class LogScale : AxisScale
{
    private const int MaxDecadesWithMinorTicks = 6;
    private readonly AxisTick[] _ticks;
    private readonly double _log10Min;
    private readonly double _log10Max;

    private LogScale(int minExponent, int maxExponent, AxisTick[] ticks)
    {
        MinExponent = minExponent;
        MaxExponent = maxExponent;
        _log10Min = minExponent;
        _log10Max = maxExponent;
        _ticks = ticks;
    }

    /// <summary>The axis starts at 10^MinExponent.</summary>
    public int MinExponent { get; }

    /// <summary>The axis ends at 10^MaxExponent.</summary>
    public int MaxExponent { get; }

    public override IReadOnlyList<AxisTick> Ticks => _ticks;

    public override double ToFraction(double value) => (Math.Log10(value) - _log10Min) / (_log10Max - _log10Min);

    /// <summary>An axis covering [<paramref name="dataMin"/>, <paramref name="dataMax"/>], both positive.</summary>
    public static LogScale Create(double dataMin, double dataMax)
    {
        if (!(dataMin > 0) || !(dataMax >= dataMin) || !double.IsFinite(dataMax))
            throw new ArgumentException($"A log axis needs a positive finite range; got [{dataMin}, {dataMax}].");
        int low = Decimal10.FloorLog10(dataMin);
        int high = Decimal10.FloorLog10(dataMax);
        if (Decimal10.Pow(high) < dataMax) high++; // round up unless the maximum is itself a power of ten
        if (high == low) high++;

        int decades = high - low;
        var ticks = new List<AxisTick>();
        for (int e = low; e <= high; e++)
        {
            // Each decade takes its own suffix, the usual reading of a log axis: 1, 10, 100, 1k, 10k, 100k, 1M.
            int labelSuffix = e >= 9 ? 9 : e >= 6 ? 6 : e >= 3 ? 3 : 0;
            ticks.Add(new AxisTick(Decimal10.Pow(e), TickLabel.Format(1, e, labelSuffix), IsMajor: true));
            if (e == high || decades > MaxDecadesWithMinorTicks) continue;
            for (int m = 2; m <= 9; m++)
            {
                bool labelled = decades <= 2 && (m == 2 || m == 5);
                string label = labelled ? TickLabel.Format(m, e, labelSuffix) : "";
                ticks.Add(new AxisTick(Decimal10.Scale(m, e), label, IsMajor: false));
            }
        }
        return new LogScale(low, high, ticks.ToArray());
    }
}
