using System.CommandLine;
using HealthLedger.Sim.Reports;
using HealthLedger.Sim.Throughput;

namespace HealthLedger.Bench.Commands;

/// <summary><c>healthledger throughput [--validators 4,7,16] [--txs 20000] [--runs 3] [--independent-builds] [--out DIR]</c>: committed transactions per
/// wall-clock second of the consensus core in one process, next to the Ed25519 verification rate of the same run.</summary>
internal static class ThroughputCommand
{
    public static Command Create()
    {
        var validators = new Option<string>("--validators") { Description = "Comma-separated cluster sizes.", DefaultValueFactory = _ => "4,7,16" };
        var txs = new Option<int>("--txs") { Description = "Transactions per run.", DefaultValueFactory = _ => 20_000 };
        var output = new Option<string?>("--out") { Description = "Write throughput.json and throughput.md here." };
        var runs = new Option<int>("--runs") { Description = "Measured runs per size (after two warm-up runs), each against the verification rate measured right after it; the run with the median ratio is reported.", DefaultValueFactory = _ => 3 };
        var independent = new Option<bool>("--independent-builds") { Description = "Every node builds every ledger itself (by default the nodes of the process share each distinct ledger build, as they share each distinct signature check)." };
        var command = new Command("throughput", "Committed tx/s of N consensus nodes in one process with real Ed25519, against the single-core verification rate.") { validators, txs, output, runs, independent };
        command.SetAction(parse =>
        {
            int[] sizes;
            try
            {
                sizes = parse.GetValue(validators)!.Split(',').Select(int.Parse).ToArray();
            }
            catch (FormatException)
            {
                Console.Error.WriteLine("error: --validators takes comma-separated integers, e.g. 4,7,16");
                return Program.ExitBadInput;
            }
            int count = parse.GetValue(txs);
            int repeat = parse.GetValue(runs);
            if (count < 1 || repeat < 1 || sizes.Any(s => s < 1 || s > 200))
            {
                Console.Error.WriteLine("error: --txs and --runs must be >= 1 and each cluster size in 1..200");
                return Program.ExitBadInput;
            }
            var results = new List<ThroughputResult>();
            foreach (int n in sizes)
            {
                var r = ConsensusThroughput.Run(n, count, runs: repeat, sharedBuilds: !parse.GetValue(independent));
                results.Add(r);
                Console.WriteLine($"{n,3} validators: {r.Validated}/{r.Transactions} validated in {r.WallSeconds:0.00} s = {r.CommittedTxPerSec:N0} tx/s; " +
                    $"Ed25519 verify {r.Ed25519VerifyPerSec:N0}/s on one core; ratio {r.RatioToVerifyRate:P0}; {r.Ledgers} ledgers; " +
                    $"{r.CpuSeconds:0.00} CPU s = {r.CpuMicrosecondsPerTx:N0} CPU µs/tx; {(r.SharedBuilds ? "shared" : "independent")} builds" +
                    (r.Runs > 1 ? $" (median ratio of {r.Runs} runs: {string.Join(", ", r.RatioRuns!.Select(x => x.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))})" : ""));
            }
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir);
                JsonReport.WriteFile(Path.Combine(dir, "throughput.json"), results);
                var table = new MarkdownTable(["validators", "builds", "transactions", "wall s", "committed tx/s", "Ed25519 verify/s (1 core)", "ratio", "runs' ratios", "CPU µs/tx"],
                    [ColumnAlign.Right, ColumnAlign.Left, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Right, ColumnAlign.Left, ColumnAlign.Right]);
                foreach (var r in results)
                    table.AddRow(r.Validators.ToString(), r.SharedBuilds ? "shared" : "independent", r.Transactions.ToString(), ReportFormat.Fixed(r.WallSeconds, 2), ReportFormat.Fixed(r.CommittedTxPerSec, 0),
                        ReportFormat.Fixed(r.Ed25519VerifyPerSec, 0), ReportFormat.Percent(r.RatioToVerifyRate, 0),
                        string.Join(", ", (r.RatioRuns ?? [r.RatioToVerifyRate]).Select(x => ReportFormat.Percent(x, 0))), ReportFormat.Fixed(r.CpuMicrosecondsPerTx, 0));
                ReportFile.WriteText(Path.Combine(dir, "throughput.md"), table.ToString());
            }
            return results.All(r => r.Validated == r.Transactions) ? 0 : 4;
        });
        return command;
    }
}
