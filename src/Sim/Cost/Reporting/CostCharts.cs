using System.Globalization;
using HealthLedger.Sim.Reports.Svg;

namespace HealthLedger.Sim.Cost.Reporting;

/// <summary>
/// The break-even charts: expected cost per period against the per-machine compromise probability p
/// (<c>cost.svg</c>) and against the cost of failure per record (<c>cost-failure.svg</c>), the ledger and the
/// centralized baseline as two curves, each crossing marked (docs/cost-model.md, "Reading the charts").
/// </summary>
public static class CostCharts
{
    private const int PointsPerDecade = 10;

    /// <summary>The p values the chart and cost-curve.csv use: from well below the lowest point of interest up to 1.</summary>
    public static IReadOnlyList<double> CompromiseGrid(CostInputs inputs, CostResult result)
    {
        double low = 1e-4;
        foreach (double p in result.BreakEven.CompromiseProbabilities.Append(inputs.CompromiseProbability))
            if (p > 0) low = Math.Min(low, p / 10);
        int lowExponent = Math.Max(-12, (int)Math.Floor(Math.Log10(low)));
        var grid = new List<double>();
        for (int i = lowExponent * PointsPerDecade; i <= 0; i++) grid.Add(Math.Pow(10, (double)i / PointsPerDecade));
        return grid;
    }

    /// <summary>One point of the curve: both systems' failure probability and expected cost at p.</summary>
    public static (double LedgerRisk, double LedgerCost, double CentralizedRisk, double CentralizedCost) At(CostInputs inputs, CostResult result, double p)
    {
        double ledgerRisk = inputs.Risk.At(p), centralizedRisk = inputs.CentralizedRiskAt(p);
        return (ledgerRisk, result.Ledger.WithFailureProbability(ledgerRisk).ExpectedCostPerPeriod,
            centralizedRisk, result.Centralized.WithFailureProbability(centralizedRisk).ExpectedCostPerPeriod);
    }

    /// <summary>Expected cost per period against p, log-log when every cost is positive.</summary>
    public static LineChart VersusCompromise(string title, CostInputs inputs, CostResult result, ChartOptions? options = null)
    {
        var grid = CompromiseGrid(inputs, result);
        var points = grid.Select(p => At(inputs, result, p)).ToList();
        bool logY = points.All(x => x.LedgerCost > 0 && x.CentralizedCost > 0);
        var markers = result.BreakEven.CompromiseProbabilities
            .Select(p => new ChartMarker(p, At(inputs, result, p).LedgerCost, $"break-even p = {G(p)}"))
            .Append(new ChartMarker(inputs.CompromiseProbability > 0 ? inputs.CompromiseProbability : grid[0], result.Ledger.ExpectedCostPerPeriod,
                $"scenario p = {G(inputs.CompromiseProbability)}"))
            .ToList();
        var chart = new LineChart(title, new AxisLabel("per-machine compromise probability p per period", ""),
            new AxisLabel($"expected cost per {G(result.PeriodDays)}-day period", ""), options) { LogX = true, LogY = logY, Markers = markers };
        chart.Add(new LineSeries("ledger", grid, points.Select(x => x.LedgerCost).ToList()));
        chart.Add(new LineSeries(inputs.CentralizedFailureProbability is null ? "centralized" : "centralized (given risk)", grid,
            points.Select(x => x.CentralizedCost).ToList()));
        return chart;
    }

    /// <summary>Expected cost per period against the cost of failure per record, at the scenario's p.</summary>
    public static LineChart VersusCostPerRecord(string title, CostResult result, ChartOptions? options = null)
    {
        double centre = result.BreakEven.CostOfFailurePerRecord ?? (result.CostOfFailurePerRecord > 0 ? result.CostOfFailurePerRecord : 1);
        if (!(centre > 0)) centre = 1;
        int low = (int)Math.Floor(Math.Log10(Math.Min(centre, result.CostOfFailurePerRecord > 0 ? result.CostOfFailurePerRecord : centre))) - 2;
        int high = (int)Math.Ceiling(Math.Log10(Math.Max(centre, result.CostOfFailurePerRecord))) + 2;
        var grid = Enumerable.Range(low * PointsPerDecade, (high - low) * PointsPerDecade + 1).Select(i => Math.Pow(10, (double)i / PointsPerDecade)).ToList();
        double Cost(SystemCost system, double perRecord) => (system with { CostOfFailure = perRecord * result.RecordsExposed }).ExpectedCostPerPeriod;
        var ledger = grid.Select(x => Cost(result.Ledger, x)).ToList();
        var centralized = grid.Select(x => Cost(result.Centralized, x)).ToList();
        bool logY = ledger.Concat(centralized).All(y => y > 0);
        var markers = new List<ChartMarker>();
        if (result.BreakEven.CostOfFailurePerRecord is { } b && b > 0)
            markers.Add(new ChartMarker(b, Cost(result.Ledger, b), $"break-even {G(b)} per record"));
        if (result.CostOfFailurePerRecord > 0) markers.Add(new ChartMarker(result.CostOfFailurePerRecord, null, $"scenario {G(result.CostOfFailurePerRecord)}"));
        var chart = new LineChart(title, new AxisLabel($"cost of failure per record ({G(result.RecordsExposed)} records exposed)", ""),
            new AxisLabel($"expected cost per {G(result.PeriodDays)}-day period", ""), options) { LogX = true, LogY = logY, Markers = markers };
        chart.Add(new LineSeries($"ledger (P[failure] {G(result.Ledger.FailureProbabilityPerPeriod)})", grid, ledger));
        chart.Add(new LineSeries($"centralized (P[failure] {G(result.Centralized.FailureProbabilityPerPeriod)})", grid, centralized));
        return chart;
    }

    private static string G(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
