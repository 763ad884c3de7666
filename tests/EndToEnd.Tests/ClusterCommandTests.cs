namespace HealthLedger.EndToEnd.Tests;

/// <summary><c>healthledger cluster</c>'s argument checks through the real entry point (no cluster starts).</summary>
[Collection("console")]
public sealed class ClusterCommandTests
{
    [Fact]
    public void An_unknown_sharing_discipline_is_refused_with_exit_code_2()
    {
        var (exit, _, error) = Cli.Run("cluster", "--resimulate", Path.GetTempPath(), "--sharing", "round-robin");
        Assert.Equal(2, exit);
        Assert.Contains("--sharing 'round-robin'", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void A_send_batch_outside_1_to_1000_ms_is_refused_with_exit_code_2(string ms)
    {
        var (exit, _, error) = Cli.Run("cluster", "--nodes", "4", "--send-batch-ms", ms);
        Assert.Equal(2, exit);
        Assert.Contains("1 <= --send-batch-ms <= 1000", error);
    }

    [Theory]
    [InlineData("--chaos", "partition")] // cutting links needs nodes on links of their own
    [InlineData("--chaos", "flood")]
    [InlineData("--dead-link-ms", "500")]
    public void A_chaos_mode_or_dead_link_timeout_it_cannot_run_is_refused_with_exit_code_2(string option, string value)
    {
        var (exit, _, error) = Cli.Run("cluster", "--nodes", "4", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(option, error);
    }

    [Fact]
    public void A_work_directory_that_is_not_empty_is_refused_with_exit_code_2()
    {
        string used = Path.Combine(Path.GetTempPath(), $"hl-used-work-{Environment.ProcessId}");
        Directory.CreateDirectory(Path.Combine(used, "n0"));
        var (exit, _, error) = Cli.Run("cluster", "--nodes", "4", "--work-dir", used);
        Assert.Equal(2, exit);
        Assert.Contains($"--work-dir {used} is not empty", error);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(used, "n0"))); // nothing written into it
        Directory.Delete(used, recursive: true);
    }

    [Fact]
    public void Resimulating_a_directory_without_a_sweep_is_refused_with_exit_code_2()
    {
        string empty = Path.Combine(Path.GetTempPath(), $"hl-no-sweep-{Environment.ProcessId}");
        Directory.CreateDirectory(empty);
        var (exit, _, error) = Cli.Run("cluster", "--resimulate", empty);
        Assert.Equal(2, exit);
        Assert.Contains("sweep.csv", error);
        Directory.Delete(empty);
    }
}
