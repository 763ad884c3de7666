using System.Globalization;
using HealthLedger.Sim.Reports;

namespace HealthLedger.Sim.Cost.Reporting;

/// <summary>The cost comparison for people: the section of summary.md, and the text of <c>healthledger cost</c>.</summary>
public static class CostText
{
    /// <summary>Appends the cost section (heading level 2) to <paramref name="md"/>.</summary>
    public static void Append(MarkdownDocument md, CostResult? result, MeasuredResources? measured, string? unavailable = null)
    {
        md.Heading(2, result is null ? "Cost" : $"Cost per {G(result.PeriodDays)}-day period (docs/cost-model.md)");
        if (measured is not null)
            md.Paragraph($"Measured over {G(measured.MeasuredSec)} s of workload ({measured.Source}): per validator {Fixed(measured.CpuSecondsPerFullNode, 3)} CPU s, " +
                         $"{Bytes(measured.BlockLogBytesPerFullNode)} block log + {Bytes(measured.StateBytesPerFullNode)} state, {Bytes(measured.BytesSentPerFullNode)} sent, " +
                         $"{Bytes(measured.BytesReceivedPerFullNode)} received; per light node {Bytes(measured.HeaderBytesPerLightNode)} headers + " +
                         $"{Bytes(measured.ProofBytesPerLightNode)} own proofs; {measured.ValidatedTransactions} transactions ({Bytes(measured.TransactionBytes)}), " +
                         $"{measured.RecordsRegistered} records registered, {measured.Ledgers} ledgers.");
        if (result is null)
        {
            md.Paragraph($"No cost comparison: {unavailable}.");
            return;
        }
        var p = result.Prices;
        md.Bullets([
            $"prices: {G(p.PerCpuSecond)} per CPU second, {G(p.PerStoredBytePerPeriod)} per byte stored per period, {G(p.PerNetworkByte)} per network byte, " +
            $"{G(p.PerFullNodePerPeriod)} per full node and {G(p.PerLightNodePerPeriod)} per light node per period",
            $"cost of failure: {G(result.CostOfFailurePerRecord)} per record × {G(result.RecordsExposed)} records exposed = {Money(result.Ledger.CostOfFailure)}",
            $"ledger failure probability: {result.LedgerRisk}; p = {G(result.CompromiseProbability)}",
            $"centralized failure probability: {result.CentralizedRisk}",
        ]);

        var resources = new MarkdownTable(["system", "nodes", "count", "CPU s per node", "storage per node", "network per node", "fixed", "CPU", "storage", "network", "normal cost"],
            [ColumnAlign.Left, ColumnAlign.Left, .. Enumerable.Repeat(ColumnAlign.Right, 9)]);
        foreach (var row in CostRows.Of(result))
            resources.AddRow(row.System, row.Nodes, row.Nodes == "given" ? "" : row.Count.ToString(CultureInfo.InvariantCulture),
                Num(row.CpuSecondsPerNode, 1), Bytes(row.StorageBytesPerNode), Bytes(row.NetworkBytesPerNode),
                Money(row.FixedCost), Money(row.CpuCost), Money(row.StorageCost), Money(row.NetworkCost), Money(row.NormalCost));
        md.Table(resources);

        var comparison = new MarkdownTable(["system", "normal cost", "P[failure] per period", "cost of failure", "expected cost per period"],
            [ColumnAlign.Left, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right]);
        foreach (var s in new[] { result.Ledger, result.Centralized })
            comparison.AddRow(s.Name, Money(s.NormalCostPerPeriod), G(s.FailureProbabilityPerPeriod), Money(s.CostOfFailure), Money(s.ExpectedCostPerPeriod));
        md.Table(comparison);

        var b = result.BreakEven;
        string cheaper = result.LedgerSavingPerPeriod > 0 ? "the ledger is cheaper" : result.LedgerSavingPerPeriod < 0 ? "the centralized baseline is cheaper" : "they cost the same";
        md.Bullets([
            $"{cheaper} by {Money(Math.Abs(result.LedgerSavingPerPeriod))} per period",
            b.CompromiseProbabilities.Count == 0
                ? "break-even p: none in [0, 1) (one system is cheaper at every p)"
                : $"break-even p: {string.Join(", ", b.CompromiseProbabilities.Select(G))} (cost.svg)",
            b.CostOfFailurePerRecord is { } perRecord
                ? $"break-even cost of failure: {G(perRecord)} per record ({Money(b.CostOfFailure!.Value)} per failure; cost-failure.svg)"
                : "break-even cost of failure: none (equal risks, or the lower-risk system is also the cheaper to run)",
            b.LedgerFailureProbability is { } r
                ? $"break-even ledger failure probability (everything else fixed): {G(r)} per period"
                : "break-even ledger failure probability: none in [0, 1]",
        ]);
    }

    /// <summary>The comparison as text for a terminal.</summary>
    public static void Write(TextWriter output, CostResult result, MeasuredResources? measured)
    {
        var md = new MarkdownDocument();
        Append(md, result, measured);
        output.Write(md.ToMarkdown());
    }

    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Fixed(double value, int decimals) => ReportFormat.Fixed(value, decimals);

    private static string Num(double value, int decimals) => double.IsNaN(value) ? "" : ReportFormat.Fixed(value, decimals);

    private static string Money(double value) => double.IsNaN(value) ? "" : Math.Abs(value) >= 1e7 ? value.ToString("G4", CultureInfo.InvariantCulture) : ReportFormat.Fixed(value, 2);

    /// <summary>Bytes in decimal units (B, kB, MB, GB, TB).</summary>
    public static string Bytes(double bytes)
    {
        if (double.IsNaN(bytes)) return "";
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        int unit = 0;
        while (Math.Abs(bytes) >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }
        return ReportFormat.Fixed(bytes, unit == 0 ? 0 : 2) + " " + units[unit];
    }
}
