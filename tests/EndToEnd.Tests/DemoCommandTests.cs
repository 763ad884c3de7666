namespace HealthLedger.EndToEnd.Tests;

/// <summary><c>healthledger demo</c>: every story ends as designed, on the default store and on SQLite, and every run
/// prints the same ledger hash.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_demo_keeps_every_promise_on_the_default_directory_store()
    {
        var (exit, output) = await CommandRunner.RunAsync("demo");
        Assert.True(exit == 0, output);
        Assert.Contains("11 of 11 stories ended as the design promises", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT AS DESIGNED", output, StringComparison.Ordinal);
        foreach (string story in new[] { "(3.3.2)", "(3.3.5)", "(3.3.6)", "(3.3.7)", "(3.3.4)", "subscription model", "(3.3.8)" })
            Assert.Contains(story, output, StringComparison.Ordinal);
        Assert.Contains("GrantExpired", output, StringComparison.Ordinal);
        Assert.Contains("Rejected (WrongKey)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_on_SQLite_in_a_given_directory_prints_the_same_ledger_as_on_the_directory_store()
    {
        string dir = Directory.CreateTempSubdirectory("hl-e2e-demo-").FullName;
        try
        {
            var (exit, output) = await CommandRunner.RunAsync("demo", "--store", "sqlite", "--dir", dir);
            Assert.True(exit == 0, output);
            Assert.True(File.Exists(Path.Combine(dir, "blobs.db")));
            var (_, reference) = await CommandRunner.RunAsync("demo");
            Assert.Equal(LastLine(reference), LastLine(output)); // deterministic: same keys, entropy and ledger time
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_store_is_bad_input()
    {
        var (exit, output) = await CommandRunner.RunAsync("demo", "--store", "floppy");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown store 'floppy'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_commands_are_registered_in_the_real_entry_point()
    {
        // Output goes to the console here; only the exit code is checked (2: a bad checkpoint is bad input).
        Assert.Equal(2, Bench.Program.Main(["proof", "verify", "missing.hlp", "--checkpoint", "not-a-hash"]));
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];
}
