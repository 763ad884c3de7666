namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// A linear axis with "nice" ticks: steps of 1, 2 or 5 × 10^e, chosen so that about the requested number of ticks
/// cover the data (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
/// </summary>
internal sealed class LinearScale : AxisScale
{
    private readonly AxisTick[] _ticks;

    private LinearScale(double min, double max, long stepMantissa, int stepExponent, AxisTick[] ticks)
    {
        Min = min;
        Max = max;
        StepMantissa = stepMantissa;
        StepExponent = stepExponent;
        _ticks = ticks;
    }

    /// <summary>Start of the axis.</summary>
    public double Min { get; }

    /// <summary>End of the axis.</summary>
    public double Max { get; }

    /// <summary>The step is <see cref="StepMantissa"/> × 10^<see cref="StepExponent"/>, mantissa 1, 2 or 5.</summary>
    public long StepMantissa { get; }

    /// <inheritdoc cref="StepMantissa"/>
    public int StepExponent { get; }

    /// <summary>The step between ticks.</summary>
    public double Step => Decimal10.Scale(StepMantissa, StepExponent);

    public override IReadOnlyList<AxisTick> Ticks => _ticks;

    public override double ToFraction(double value) => (value - Min) / (Max - Min);

    /// <summary>
    /// Ticks for data in [<paramref name="dataMin"/>, <paramref name="dataMax"/>]. Loose: the axis is widened to the
    /// enclosing ticks, so every data point sits inside. Tight: the axis is exactly the data range (for colour bars)
    /// and only ticks inside it are kept.
    /// </summary>
    public static LinearScale Create(double dataMin, double dataMax, int targetTickCount, bool tight = false)
    {
        if (!double.IsFinite(dataMin) || !double.IsFinite(dataMax) || dataMin > dataMax)
            throw new ArgumentException($"Axis range [{dataMin}, {dataMax}] is not a finite interval.");
        (dataMin, dataMax) = Widen(dataMin, dataMax);
        int intervals = Math.Max(1, targetTickCount - 1);
        var (mantissa, exponent) = NiceNumber((dataMax - dataMin) / intervals);
        double step = Decimal10.Scale(mantissa, exponent);

        // The epsilon absorbs division error (0.3 / 0.1 = 2.9999999999999996), so no spurious extra tick appears.
        long first = (long)Math.Ceiling(dataMin / step - 1e-9);
        long last = (long)Math.Floor(dataMax / step + 1e-9);
        if (!tight)
        {
            first = (long)Math.Floor(dataMin / step + 1e-9);
            last = (long)Math.Ceiling(dataMax / step - 1e-9);
        }

        double maxAbs = Math.Max(Math.Abs(Decimal10.Scale(first * mantissa, exponent)), Math.Abs(Decimal10.Scale(last * mantissa, exponent)));
        int suffixExponent = TickLabel.SuffixExponentFor(maxAbs, exponent);
        var ticks = new List<AxisTick>();
        for (long k = first; k <= last; k++)
        {
            long units = k * mantissa;
            ticks.Add(new AxisTick(Decimal10.Scale(units, exponent), TickLabel.Format(units, exponent, suffixExponent), IsMajor: true));
        }

        double min = tight ? dataMin : Decimal10.Scale(first * mantissa, exponent);
        double max = tight ? dataMax : Decimal10.Scale(last * mantissa, exponent);
        return new LinearScale(min, max, mantissa, exponent, ticks.ToArray());
    }

    /// <summary>A zero-width range gets some room, so a constant series is drawn mid-axis rather than dividing by zero.</summary>
    private static (double Min, double Max) Widen(double min, double max)
    {
        if (max > min) return (min, max);
        if (min == 0) return (0, 1);
        double half = Math.Abs(min) / 2;
        return (min - half, max + half);
    }

    /// <summary>The 1, 2 or 5 × 10^e nearest to <paramref name="roughStep"/>, as (mantissa, exponent).</summary>
    internal static (long Mantissa, int Exponent) NiceNumber(double roughStep)
    {
        int exponent = Decimal10.FloorLog10(roughStep);
        // In [1, 10); the slack lets 0.3 / 0.1 = 2.9999999999999996 count as the 3 it stands for.
        double fraction = roughStep / Decimal10.Pow(exponent) + 1e-9;
        long mantissa = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        if (mantissa == 10) return (1, exponent + 1);
        return (mantissa, exponent);
    }
}
