using HealthLedger.Bench.Commands;

namespace HealthLedger.EndToEnd.Tests;

/// <summary>Real node processes on 127.0.0.1 (<c>healthledger node</c>), driven by the cluster runner.</summary>
public sealed class ClusterKillTests
{
    [Fact]
    public async Task A_node_killed_with_SIGKILL_restarts_from_disk_catches_up_and_no_validated_transaction_is_lost()
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"hl-e2e-cluster-{Environment.ProcessId}");
        var options = new ClusterOptions
        {
            Nodes = 4,
            DurationSec = 8,
            DrainSec = 20,
            RatePerSec = 10,
            OutDir = outDir,
            CloseIntervalMs = 500,
            ReadyTimeoutSec = 60,
            ScheduledKills = [(1, 2.5, 1.5)],
        };
        var output = new StringWriter();
        int exit = await ClusterCommand.RunAsync(options, output).WaitAsync(TimeSpan.FromMinutes(3));
        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("noLoss     expected holds  actual holds", text);
        Assert.Contains("agreement  expected holds  actual holds", text);
        Assert.Contains("reached ledger", text); // the restarted node caught up
        foreach (var file in HealthLedger.Sim.Reports.RunReport.Files) Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} missing\n{text}");
        Assert.True(File.Exists(Path.Combine(outDir, "recovery.csv")));
        Directory.Delete(outDir, recursive: true);
    }

    [Fact]
    public async Task Kill_cycles_report_every_restart_with_its_recovery_time_and_no_lost_ledger()
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"hl-e2e-kill-cycles-{Environment.ProcessId}");
        var options = new ClusterOptions
        {
            Nodes = 4,
            RatePerSec = 10,
            DrainSec = 20,
            OutDir = outDir,
            CloseIntervalMs = 500,
            ChaosKill = true,
            KillCycles = 2,
            ChaosIntervalSec = 1.5,
            ChaosDownSec = 1,
            // A state snapshot (full, then deltas) after every few transactions, so restarts, and kills during a write, go through them.
            SnapshotMinTransactions = 5,
        };
        var output = new StringWriter();
        int exit = await ClusterCommand.RunAsync(options, output).WaitAsync(TimeSpan.FromMinutes(4));
        string text = output.ToString();
        Assert.True(exit == 0, text);
        var rows = HealthLedger.Sim.Reports.CsvReport.Parse<RestartRow>(File.ReadAllText(Path.Combine(outDir, "restarts.csv")));
        Assert.Equal(2, rows.Select(r => r.Cycle).Distinct().Count());
        Assert.All(rows, r =>
        {
            Assert.Equal(0, r.LostLedgers);
            Assert.Equal(0, r.LostTxs);
            Assert.Equal(r.ValidatedBeforeKill, r.LedgersChecked); // every ledger it had reported was fetched back
            Assert.True(r.CatchUpMs >= 0, $"node {r.Node} did not catch up: {text}");
            Assert.True(r.RestoreMs >= 0, $"node {r.Node} did not log its restore: {text}");
        });
        Assert.Contains(rows, r => r.SnapshotLedger > 0 && r.LedgersReplayed < r.SnapshotLedger);
        Assert.Contains("lost 0 ledgers and 0 transactions", text);
        Assert.Contains("## Kill and restart", File.ReadAllText(Path.Combine(outDir, "summary.md")));
        Directory.Delete(outDir, recursive: true);
    }
}
