using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace HealthLedger.Engine.Tests.Storage;

/// <summary>
/// A PostgreSQL server for the tests. Uses HL_POSTGRES when set; otherwise runs <c>.ci/setup-postgres.sh</c> itself,
/// which installs and starts a loopback server on a machine with root and apt. When no server can be reached every
/// PostgreSQL test fails with <see cref="AbsentReason"/>: a store that is not tested must not look like a store that
/// passed. Each test run works in its own schema, dropped at the end, so concurrent runs do not collide.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>The run's schema: <c>hl_test_</c> and 12 random hexadecimal characters.</summary>
    public string Schema { get; } = "hl_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The Npgsql connection string in use.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Why PostgreSQL is absent, or null when it is reachable.</summary>
    public string? AbsentReason { get; private set; }

    private int _tables;

    /// <summary>A fresh table name within <see cref="Schema"/>.</summary>
    public string NextTable() => $"blobs_{Interlocked.Increment(ref _tables)}";

    /// <summary>Fails the calling test with a clear message when there is no server.</summary>
    public void RequireServer()
    {
        if (AbsentReason is not null) Assert.Fail(AbsentReason);
    }

    public async Task InitializeAsync()
    {
        string? connectionString = Environment.GetEnvironmentVariable("HL_POSTGRES");
        string setupLog = "";
        if (string.IsNullOrWhiteSpace(connectionString)) (connectionString, setupLog) = await RunSetupScriptAsync();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            AbsentReason = Absent("HL_POSTGRES is unset and .ci/setup-postgres.sh could not provide a server.", setupLog);
            return;
        }
        ConnectionString = connectionString;
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var command = dataSource.CreateCommand($"CREATE SCHEMA \"{Schema}\"");
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            AbsentReason = Absent($"the server at HL_POSTGRES cannot be used: {e.Message.TrimEnd('.')}.", setupLog);
        }
    }

    public async Task DisposeAsync()
    {
        if (AbsentReason is not null) return;
        NpgsqlConnection.ClearAllPools();
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    private static string Absent(string what, string setupLog) =>
        $"PostgreSQL is absent: {what} Start it with `source .ci/setup-postgres.sh` (installs Debian's postgresql if "
        + "needed, starts a cluster on 127.0.0.1 and exports HL_POSTGRES), or set HL_POSTGRES to an Npgsql connection "
        + "string of a server where the user may create schemas."
        + (setupLog.Length > 0 ? $"\nsetup-postgres.sh said:\n{setupLog}" : "");

    /// <summary>Runs the setup script the way .ci/run does (sourced) and reads back the HL_POSTGRES it exports.</summary>
    private static async Task<(string? ConnectionString, string Log)> RunSetupScriptAsync()
    {
        string? script = FindScript();
        if (script is null) return (null, "(.ci/setup-postgres.sh not found above " + AppContext.BaseDirectory + ")");
        var start = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-c", "source \"$0\" 1>&2 && printf '%s' \"$HL_POSTGRES\"", script }) start.ArgumentList.Add(arg);
        try
        {
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // apt-get may have to download
            await process.WaitForExitAsync(timeout.Token);
            string log = Tail(await stderr);
            return process.ExitCode == 0 ? (await stdout, log) : (null, log);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return (null, $"running bash failed: {e.Message}");
        }
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, ".ci", "setup-postgres.sh");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new StringBuilder().AppendJoin('\n', lines.TakeLast(20)).ToString();
    }
}

/// <summary>Every test class that needs PostgreSQL joins this collection and shares one fixture (one schema).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
