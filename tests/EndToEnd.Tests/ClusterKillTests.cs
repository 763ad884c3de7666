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
}
