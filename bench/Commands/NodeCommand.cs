using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Net;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// <c>healthledger node --config FILE</c>: runs one validator over TCP until SIGINT or SIGTERM, logging to stderr.
/// Exit codes: 0 clean shutdown; 2 bad config; 1 the node could not listen on its address, or its loop failed.
/// </summary>
internal static class NodeCommand
{
    /// <summary>How a node's closing line on its signature checkers begins (a cluster reads it from node.log).</summary>
    internal const string SignatureChecksLine = "signature checkers:";

    /// <summary>How a node's closing line on the work of building and validating ledgers begins (a cluster reads it from
    /// node.log).</summary>
    internal const string LedgerWorkLine = "ledger work:";

    public static Command Create()
    {
        var configOption = new Option<string>("--config") { Description = "Node file (JSON): key, group, listen address, data directory, peers, consensus, genesis.", Required = true };
        var command = new Command("node", "Run one validator over TCP (stops cleanly on SIGINT/SIGTERM).") { configOption };
        command.SetAction((parse, token) => RunAsync(parse.GetValue(configOption)!, token));
        return command;
    }

    public static async Task<int> RunAsync(string configPath, CancellationToken token)
    {
        if (SignatureSchemes.FallbackNotice is { } notice) Console.Error.WriteLine(notice);
        Console.Error.WriteLine($"managed heap huge pages: {GcHugePages.Status}");
        NodeFile file;
        try
        {
            file = NodeFile.Load(configPath);
        }
        catch (NodeFileException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Program.ExitBadInput;
        }
        var (config, options) = file.Build();
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we shut down ourselves, after the node has stopped
            stop.TrySetResult();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var cancelled = token.Register(() => stop.TrySetResult());
        await using var runtime = new NodeRuntime(config, options, TimeProvider.System, Console.Error);
        int exit = 0;
        try
        {
            try
            {
                await runtime.StartAsync();
            }
            catch (System.Net.Sockets.SocketException e)
            {
                Console.Error.WriteLine($"error: cannot listen on {file.Listen}: {e.Message}");
                return 1;
            }
            await Task.WhenAny(stop.Task, runtime.Completion);
            if (runtime.Completion.IsFaulted) exit = 1;
        }
        finally
        {
            await runtime.StopAsync();
            config.Store.Dispose();
        }
        // This process is one node: its Ed25519 work since it started (the restart's check of its stored ledgers
        // included), for checking that it verified each transaction once.
        var counters = RuntimeCounters.Now();
        Console.Error.WriteLine($"Ed25519 since start: {counters.Ed25519.Verifications:N0} verifications, {counters.Ed25519.Signatures:N0} signatures");
        if (runtime.SignatureChecks is { ProcessorTime: { } checkerTime } checks)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{SignatureChecksLine} {checks.Verifications} verifications in {checkerTime.TotalSeconds:0.000} s of the checker threads' processor time ({checks.MicrosecondsPerVerification ?? 0:0.0} us each)"));
        if (runtime.LedgerWork is { BuildTime: { } buildTime, ValidationTime: { } validationTime } work)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{LedgerWorkLine} {work.BuiltTransactions} transactions built in {buildTime.TotalSeconds:0.000} s, {work.ValidatedTransactions} validated in {validationTime.TotalSeconds:0.000} s of the node loop's processor time ({work.BuildUsPerTransaction ?? 0:0.0} and {work.ValidationUsPerTransaction ?? 0:0.0} us each)"));
        var memory = GC.GetGCMemoryInfo();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        Console.Error.WriteLine($"memory since start: {counters.AllocatedBytes / 1e6:N0} MB allocated, collections {counters.Gen0}/{counters.Gen1}/{counters.Gen2}, "
            + $"pauses {counters.GcPause.TotalSeconds:0.00} s, heap {memory.HeapSizeBytes / 1e6:N0} MB, committed {memory.TotalCommittedBytes / 1e6:N0} MB, "
            + $"peak resident {self.PeakWorkingSet64 / 1e6:N0} MB");
        return exit;
    }
}
