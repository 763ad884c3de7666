using CsvHelper;

namespace HealthLedger.Sim.Cost.Reporting;

/// <summary>cost.csv: one row per system and kind of node, with its resources per node per period and its normal cost.</summary>
[CsvRecord]
public sealed partial record CostRow(string System, string Nodes, int Count, double CpuSecondsPerNode, double StorageBytesPerNode, double NetworkBytesPerNode,
    double FixedCost, double CpuCost, double StorageCost, double NetworkCost, double NormalCost, double FailureProbability, double ExpectedCost);

/// <summary>cost-curve.csv: both systems at one per-machine compromise probability p (the data of cost.svg).</summary>
[CsvRecord]
public sealed partial record CostCurveRow(double P, double LedgerFailureProbability, double LedgerExpectedCost, double CentralizedFailureProbability,
    double CentralizedExpectedCost);

/// <summary>Builds the rows of cost.csv and cost-curve.csv.</summary>
public static class CostRows
{
    /// <summary>Ledger full nodes, ledger light nodes, centralized servers (given cost: one row, resources NaN).
    /// FailureProbability and ExpectedCost are the whole system's, repeated on each of its rows.</summary>
    public static IEnumerable<CostRow> Of(CostResult result)
    {
        var prices = result.Prices;
        var l = result.LedgerResources;
        foreach (var row in Rows("ledger", l, prices, result.Ledger)) yield return row;
        if (result.CentralizedResources is { } c)
            foreach (var row in Rows("centralized", c, prices, result.Centralized)) yield return row;
        else
            yield return new CostRow("centralized", "given", 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
                result.Centralized.NormalCostPerPeriod, result.Centralized.FailureProbabilityPerPeriod, result.Centralized.ExpectedCostPerPeriod);
    }

    private static IEnumerable<CostRow> Rows(string system, ResourceUsage u, UnitPrices prices, SystemCost cost)
    {
        string fullName = system == "ledger" ? "full" : "server";
        var full = ResourceCost.Breakdown(u with { LightNodes = 0 }, prices);
        yield return new CostRow(system, fullName, u.FullNodes, u.CpuSecondsPerFullNode, u.StorageBytesPerFullNode, u.NetworkBytesPerFullNode,
            full.Fixed, full.Cpu, full.Storage, full.Network, full.Total, cost.FailureProbabilityPerPeriod, cost.ExpectedCostPerPeriod);
        if (system != "ledger") yield break;
        var light = ResourceCost.Breakdown(u with { FullNodes = 0 }, prices);
        yield return new CostRow(system, "light", u.LightNodes, u.CpuSecondsPerLightNode, u.StorageBytesPerLightNode, u.NetworkBytesPerLightNode,
            light.Fixed, light.Cpu, light.Storage, light.Network, light.Total, cost.FailureProbabilityPerPeriod, cost.ExpectedCostPerPeriod);
    }

    /// <summary>The curve on <see cref="CostCharts.CompromiseGrid"/>.</summary>
    public static IEnumerable<CostCurveRow> Curve(CostInputs inputs, CostResult result) =>
        CostCharts.CompromiseGrid(inputs, result).Select(p =>
        {
            var (lr, lc, cr, cc) = CostCharts.At(inputs, result, p);
            return new CostCurveRow(p, lr, lc, cr, cc);
        });
}
