using System.CommandLine;
using System.Diagnostics;
using HealthLedger.Engine.Crypto;
using HealthLedger.Sim.Reports;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Simulation;
using HealthLedger.Sim.Throughput;
using Spectre.Console;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// <c>healthledger run SCENARIO [--seed N] [--seeds K] [--out DIR]</c>: runs a scenario in the deterministic simulator
/// and writes its reports; with <c>--seeds K</c>, K runs of it under seeds N, N+1, ... in one process, each into
/// <c>DIR/seed-S/</c>, with seeds.csv and seeds.md across them. Exit codes: 0 every invariant as expected (in every run);
/// 2 bad scenario or argument; 3 a safety invariant broke unexpectedly (in any run); 4 liveness was lost unexpectedly.
/// </summary>
internal static class RunCommand
{
    public const int ExitSafety = 3;
    public const int ExitLiveness = 4;

    /// <summary>Most runs one command makes with <c>--seeds</c>.</summary>
    public const int MaxSeeds = 10_000;

    public static Command Create()
    {
        var scenarioArg = new Argument<string>("scenario") { Description = "Scenario file (JSON, comments allowed), e.g. bench/scenarios/baseline.json." };
        var seedOption = new Option<ulong?>("--seed") { Description = "Root seed (overrides the scenario's); with --seeds, the first of them." };
        var seedsOption = new Option<int>("--seeds") { Description = $"Run the scenario under this many consecutive seeds (1 to {MaxSeeds:N0}), one after another in this process: each seed's reports in DIR/seed-S/, seeds.csv, seeds.md and seeds-latency.svg across them in DIR.", DefaultValueFactory = _ => 1 };
        var outOption = new Option<string?>("--out") { Description = "Output directory (default results/<scenario name>)." };
        var quietOption = new Option<bool>("--quiet") { Description = "No progress bar." };
        var command = new Command("run", "Run a scenario in the deterministic simulator and write its reports.") { scenarioArg, seedOption, seedsOption, outOption, quietOption };
        command.SetAction(parse => Run(parse.GetValue(scenarioArg)!, parse.GetValue(seedOption), parse.GetValue(outOption), parse.GetValue(quietOption),
            seeds: parse.GetValue(seedsOption)));
        return command;
    }

    public static int Run(string scenarioPath, ulong? seed, string? outDir, bool quiet, TextWriter? stdout = null, int seeds = 1)
    {
        stdout ??= Console.Out;
        if (seeds < 1 || seeds > MaxSeeds)
        {
            Console.Error.WriteLine($"error: --seeds: {seeds} is not a number of runs from 1 to {MaxSeeds:N0}");
            return Program.ExitBadInput;
        }
        if (SignatureSchemes.FallbackNotice is { } notice) Console.Error.WriteLine(notice);
        Scenario scenario;
        ulong scenarioSeed;
        try
        {
            (scenario, scenarioSeed) = ScenarioLoader.LoadWithSeed(scenarioPath);
        }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Program.ExitBadInput;
        }
        string directory = outDir ?? Path.Combine("results", scenario.Name);
        ulong first = seed ?? scenarioSeed;
        if (seeds == 1) return RunOnce(scenario, first, directory, quiet, stdout).Exit;

        int exit = 0;
        var documents = new List<RunDocument>(seeds);
        var hosts = new List<SeedHost>(seeds);
        for (int i = 0; i < seeds; i++)
        {
            ulong s = unchecked(first + (ulong)i);
            var (code, document, host) = RunOnce(scenario, s, Path.Combine(directory, $"seed-{s}"), quiet, stdout);
            exit = Worse(exit, code);
            documents.Add(document);
            hosts.Add(new SeedHost(s, host.WallSeconds, host.ValidatedTxPerWallSecond, host.VerifyBoundRatio, host.CpuSeconds ?? 0, host.JitSeconds ?? 0));
        }
        SeedsReport.Write(directory, scenario, documents);
        var hostDocument = SeedsReport.Host(hosts);
        JsonReport.WriteFile(Path.Combine(directory, "host.json"), hostDocument);
        stdout.WriteLine($"{seeds} seeds ({first} to {unchecked(first + (ulong)(seeds - 1))}): every invariant as expected in " +
            $"{documents.Count(d => d.Invariants.All(i => i.AsExpected))} of {seeds} runs; validated {documents.Min(d => d.Summary.ThroughputTxPerSec):0.##} " +
            $"to {documents.Max(d => d.Summary.ThroughputTxPerSec):0.##} tx/s");
        if (hostDocument.FirstRunVerifyBoundRatio is { } firstRatio && hostDocument.LaterRunsVerifyBoundRatioMin is { } min)
            stdout.WriteLine($"wall clock against the Ed25519 bound: first run {firstRatio:0%} (with the JIT's compiling), later runs {min:0%} at the least, " +
                $"median {hostDocument.LaterRunsVerifyBoundRatioMedian:0%}");
        stdout.WriteLine($"reports in {directory} (seeds.md, seeds.csv, seeds-latency.svg, seed-<seed>/)");
        return exit;
    }

    /// <summary>The more severe of two exit codes: a broken safety invariant over lost liveness over success.</summary>
    internal static int Worse(int a, int b) => a == ExitSafety || b == ExitSafety ? ExitSafety : Math.Max(a, b);

    /// <summary>One run of <paramref name="scenario"/> under <paramref name="seed"/>: its reports in <paramref name="directory"/>.</summary>
    private static (int Exit, RunDocument Document, HostDocument Host) RunOnce(Scenario scenario, ulong seed, string directory, bool quiet, TextWriter stdout)
    {
        var simulation = new Simulation(scenario, seed);
        stdout.WriteLine($"running {scenario.Name}: {scenario.NodeCount} validators, {scenario.DurationSec:0.###} s simulated, seed {simulation.Seed}");

        // The bound a real-crypto run is judged against, measured in this process on this machine just before the run and
        // again just after it (about a quarter of a second each); the host's speed can move within minutes.
        double? verifyBefore = scenario.Crypto == "real" ? ConsensusThroughput.MeasureEd25519VerifyRate(VerifyRateSample) : null;
        // The previous run's garbage (with --seeds) is collected now, before the clock starts, not during this run.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var runtimeBefore = RuntimeCounters.Now();
        var wall = Stopwatch.StartNew();
        SimulationResult result;
        bool interactive = !quiet && !Console.IsOutputRedirected && !Console.IsErrorRedirected && ReferenceEquals(stdout, Console.Out);
        if (interactive)
        {
            result = null!;
            AnsiConsole.Progress().AutoClear(true).HideCompleted(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("simulating", maxValue: simulation.EndUs);
                    result = simulation.Run(s =>
                    {
                        task.Value = s.NowUs;
                        double rate = s.EventsProcessed / Math.Max(0.001, wall.Elapsed.TotalSeconds);
                        task.Description = $"t = {s.NowUs / 1e6,6:0.0} s, {rate / 1000,7:0} k events/s";
                    });
                    task.Value = simulation.EndUs;
                });
        }
        else
        {
            result = simulation.Run();
        }
        wall.Stop();
        double cpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        var runtime = RuntimeCounters.Now() - runtimeBefore;

        var document = RunReport.Write(directory, scenario, simulation.Seed, GitCommit(), result);
        long peakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;
        double validatedPerWallSec = document.Summary.Validated / wall.Elapsed.TotalSeconds;
        double? verifyAfter = scenario.Crypto == "real" ? ConsensusThroughput.MeasureEd25519VerifyRate(VerifyRateSample) : null;
        double? verifyRate = verifyBefore is { } b && verifyAfter is { } a ? Math.Max(b, a) : null; // the conservative bound
        var host = new HostDocument(Math.Round(wall.Elapsed.TotalSeconds, 3), Math.Round(result.Events / wall.Elapsed.TotalSeconds),
            Math.Round(validatedPerWallSec, 1), Environment.MachineName, Environment.ProcessorCount,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            peakWorkingSet, Math.Round(cpuSeconds, 3), runtime.Collections, Math.Round(runtime.GcPause.TotalSeconds, 3),
            verifyRate is { } v ? Math.Round(v) : null, verifyRate is { } r ? Math.Round(validatedPerWallSec / r, 3) : null, runtime.AllocatedBytes,
            verifyBefore is { } vb ? Math.Round(vb) : null, verifyAfter is { } va ? Math.Round(va) : null, Math.Round(runtime.Jit.TotalSeconds, 3), runtime.JitMethods,
            GcHugePages.Status, runtime.Ed25519.Signatures, runtime.Ed25519.Verifications);
        RunReport.WriteHost(directory, host);

        var s = document.Summary;
        stdout.WriteLine($"validated {s.Validated}/{s.Planned} ({s.ThroughputTxPerSec:0.##} tx/s), rejected {s.Rejected}, expired {s.Expired}, pending {s.Pending}; " +
            $"latency p50 {s.Latency.LatencyUsP50 / 1000.0:0.#} ms, p99 {s.Latency.LatencyUsP99 / 1000.0:0.#} ms; {s.Ledgers} ledgers; " +
            $"{result.Events:N0} events in {wall.Elapsed.TotalSeconds:0.0} s");
        if (verifyRate is { } bound)
            stdout.WriteLine($"wall clock: {validatedPerWallSec:N0} validated tx/s = {validatedPerWallSec / bound:0%} of one core's Ed25519 verification rate " +
                $"({bound:N0}/s, the higher of {verifyBefore:N0}/s measured just before the run and {verifyAfter:N0}/s just after)");
        return (ReportInvariants(stdout, document, directory), document, host);
    }

    /// <summary>Verifications per pass of the rate measurement (best of three passes), before and after a run.</summary>
    private const int VerifyRateSample = 2_000;

    /// <summary>Prints each invariant's verdict and where the reports are; returns the exit code they call for
    /// (shared by every command that writes run reports).</summary>
    internal static int ReportInvariants(TextWriter stdout, RunDocument document, string directory)
    {
        foreach (var inv in document.Invariants)
            stdout.WriteLine($"  {inv.Name,-10} expected {inv.Expected,-6} actual {inv.Actual,-6} {(inv.AsExpected ? "ok" : "UNEXPECTED")}  {inv.Detail}");
        stdout.WriteLine($"reports in {directory}");
        if (document.Invariants.Any(i => i.IsSafety && !i.AsExpected)) return ExitSafety;
        if (document.Invariants.Any(i => !i.IsSafety && !i.AsExpected)) return ExitLiveness;
        return 0;
    }

    /// <summary>The commit the working tree is at, or "unknown" outside a git checkout.</summary>
    internal static string GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short=12 HEAD") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (git is null) return "unknown";
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length > 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
