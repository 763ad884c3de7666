using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HealthLedger.Bench.Commands;

/// <summary>One <c>healthledger node</c> child process of a cluster: started from its node file (in its own network
/// namespace when <paramref name="hosts"/> is given), its stderr appended to a log file, stopped with SIGTERM or killed
/// with SIGKILL.</summary>
internal sealed partial class ClusterProcess(int index, string configPath, string logPath, NetworkNamespaces? hosts = null)
{
    private Process? _process;
    private readonly Lock _logLock = new();

    public int Index { get; } = index;

    public string ConfigPath { get; } = configPath;

    /// <summary>Where the node's stderr is appended (every life of it).</summary>
    public string LogPath { get; } = logPath;

    public bool IsRunning => _process is { HasExited: false };

    public int Starts { get; private set; }

    /// <summary>How the running process restored itself, from its "restored in" log line; null until it has said.</summary>
    public NodeRestore? Restore { get; private set; }

    /// <summary>CPU time of all this node's processes that have exited, plus the running one's.</summary>
    public TimeSpan CpuTime => _cpuBefore + (_process is { HasExited: false } p ? SafeCpu(p) : TimeSpan.Zero);

    private TimeSpan _cpuBefore;

    public void Start()
    {
        if (IsRunning) return;
        var (exe, prefix) = SelfCommand();
        if (hosts is not null) (exe, prefix) = hosts.Wrap(Index, exe, prefix);
        var info = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in prefix) info.ArgumentList.Add(a);
        info.ArgumentList.Add("node");
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(ConfigPath);
        // Small heaps: several nodes share two cores and a few GiB with the load generator.
        Default(info, "DOTNET_gcServer", "0");
        Default(info, "DOTNET_GCgen0size", "0x2000000");
        // Methods called twice go to the optimizing tier (30 calls by default): a method called once per ledger then
        // reaches it in the first ledgers instead of being compiled again through the load (docs/network.md).
        Default(info, "DOTNET_TC_CallCountThreshold", "2");
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        Starts++;
        Restore = null;
    }

    /// <summary>Sets a runtime setting for the node unless the cluster's own environment sets it (to try another).</summary>
    internal static void Default(ProcessStartInfo info, string variable, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable))) info.Environment[variable] = value;
    }

    /// <summary>SIGKILL: no chance to flush anything not already durable.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } p) return;
        _cpuBefore += SafeCpu(p);
        p.Kill();
        p.WaitForExit(10_000);
    }

    /// <summary>SIGTERM and wait (SIGKILL after the grace period).</summary>
    public void Stop(int graceMs = 10_000)
    {
        if (_process is not { HasExited: false } p) return;
        _cpuBefore += SafeCpu(p);
        _ = SysKill(p.Id, 15);
        if (!p.WaitForExit(graceMs)) p.Kill();
        // Exited: the waits below also drain its stderr into node.log (its closing lines are read from there).
        if (p.WaitForExit(5_000)) p.WaitForExitAsync().Wait(5_000);
    }

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    private static TimeSpan SafeCpu(Process p)
    {
        try
        {
            return p.TotalProcessorTime;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return TimeSpan.Zero;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        if (NodeRestore.TryParse(line) is { } restore) Restore = restore;
        // Runs on a thread-pool thread: an exception here would take the whole process down. A node can still be
        // printing while the cluster's work directory is being removed; its late lines are simply not kept.
        lock (_logLock)
        {
            try
            {
                File.AppendAllText(LogPath, line + Environment.NewLine);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>How to start this same program: the apphost directly, or <c>dotnet healthledger.dll</c> when this
    /// process runs under the dotnet host (tests, <c>dotnet run</c>).</summary>
    internal static (string Exe, string[] Prefix) SelfCommand()
    {
        string dll = typeof(ClusterProcess).Assembly.Location;
        string apphost = Path.Combine(Path.GetDirectoryName(dll)!, "healthledger");
        if (File.Exists(apphost)) return (apphost, []);
        return (Environment.ProcessPath ?? "dotnet", [dll]);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}

/// <summary>A node's account of its restore (<see cref="Engine.Net.NodeRuntime"/> logs it when it starts).</summary>
/// <param name="Seconds">Reading the snapshot, checking signatures and replaying.</param>
/// <param name="SnapshotLedger">The snapshot's ledger; 0 when the node replayed from the genesis ledger.</param>
/// <param name="LedgersReplayed">Stored ledgers replayed.</param>
/// <param name="TransactionsReplayed">Their transactions.</param>
internal sealed partial record NodeRestore(double Seconds, uint SnapshotLedger, uint LedgersReplayed, long TransactionsReplayed)
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\] restored in ([0-9.]+) s (?:from the state snapshot at ledger ([0-9]+) .*? and |by replaying )([0-9]+) stored ledgers.*?\(([0-9,]+) transactions\)")]
    private static partial System.Text.RegularExpressions.Regex Line();

    public static NodeRestore? TryParse(string line)
    {
        var m = Line().Match(line);
        if (!m.Success) return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return new NodeRestore(double.Parse(m.Groups[1].Value, inv), m.Groups[2].Success ? uint.Parse(m.Groups[2].Value, inv) : 0,
            uint.Parse(m.Groups[3].Value, inv), long.Parse(m.Groups[4].Value.Replace(",", ""), inv));
    }
}
