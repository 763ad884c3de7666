using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using HealthLedger.Bench.Micro;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Throughput;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// <c>healthledger cpubench</c>: the engine's hot paths (the ones issue targets are set on) timed by the processor time
/// the process used rather than by the wall clock, so that the figures hold on a machine other programs share. The same
/// fixtures as the BenchmarkDotNet suites; a warm-up pass first, then the best of several timed passes.
/// </summary>
internal static class CpuBenchCommand
{
    public static Command Create()
    {
        var passes = new Option<int>("--passes") { Description = "Timed passes per operation (the best is reported).", DefaultValueFactory = _ => 5 };
        var command = new Command("cpubench", "Time apply, encode, decode and Ed25519 verify by processor time (robust on a shared machine).") { passes };
        command.SetAction(parse =>
        {
            int n = Math.Max(1, parse.GetValue(passes));
            var (genesis, keys) = BenchFixtures.Network(1_000);
            var txs = BenchFixtures.Transactions(keys, 10_000);
            foreach (var tx in txs) tx.VerifySignature();
            var encoded = txs.Select(t => t.Encoded.ToArray()).ToArray();
            var buffer = new ArrayBufferWriter<byte>(1 << 23);

            double apply = Best(n, txs.Length, () => LedgerBuilder.Build(genesis, txs, genesis.CloseTimeMs + 1000, SignatureVerifier.Instance));
            double encode = Best(n * 20, txs.Length, () =>
            {
                buffer.ResetWrittenCount();
                var w = new CanonicalWriter(buffer);
                foreach (var tx in txs) tx.Write(w);
            });
            double encodeFields = Best(n * 4, txs.Length, () =>
            {
                buffer.ResetWrittenCount();
                var w = new CanonicalWriter(buffer);
                foreach (var tx in txs) tx.WriteFromFields(w);
            });
            double decode = Best(n * 4, encoded.Length, () =>
            {
                foreach (var bytes in encoded) Transaction.TryDecode(bytes, out _, out _);
            });
            var message = new byte[200];
            double sha = Best(n, 100_000, () => { for (int i = 0; i < 100_000; i++) Hash256.Compute(message); });
            double verifyRate = ConsensusThroughput.MeasureEd25519VerifyRate();
            int cores = Environment.ProcessorCount;
            double allCores = ClusterSweep.MeasureEd25519VerifyRateAllCores(cores, TimeSpan.FromSeconds(1));

            string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
            Console.WriteLine($"load average at the end: {load} (other programs' load still slows a shared core through caches and its SMT sibling)");
            Console.WriteLine("operation | CPU µs per op | per second on one core | target");
            Console.WriteLine($"apply a pre-verified tx (ledger of 10,000, incl. close) | {apply:0.000} | {1e6 / apply:N0} | >= 200,000");
            Console.WriteLine($"encode a tx (kept canonical bytes) | {encode:0.000} | {1e6 / encode:N0} |");
            Console.WriteLine($"encode a tx from its fields | {encodeFields:0.000} | {1e6 / encodeFields:N0} |");
            Console.WriteLine($"decode a tx | {decode:0.000} | {1e6 / decode:N0} |");
            Console.WriteLine($"encode + decode | {encode + decode:0.000} | {1e6 / (encode + decode):N0} | >= 1,000,000");
            Console.WriteLine($"encode from fields + decode | {encodeFields + decode:0.000} | {1e6 / (encodeFields + decode):N0} |");
            Console.WriteLine($"SHA-256 of 200 B | {sha:0.000} | {1e6 / sha:N0} |");
            Console.WriteLine($"Ed25519 verify (wall clock, 4,000 distinct) | {1e6 / verifyRate:0.0} | {verifyRate:N0} |");
            Console.WriteLine($"Ed25519 verify, all {cores} cores at once (wall clock, summed) | {cores * 1e6 / allCores:0.0} per core | {allCores / cores:N0} per core, {allCores:N0} in all | {cores} × one core's rate: {cores * verifyRate:N0}");
            return 0;
        });
        return command;
    }

    /// <summary>Processor µs per operation: untimed passes for at least two seconds (so the JIT's tiering has settled:
    /// a method called a handful of times stays in its first tier for a while), then the best of
    /// <paramref name="passes"/>.</summary>
    private static double Best(int passes, int operationsPerPass, Action pass)
    {
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warm.Elapsed < TimeSpan.FromSeconds(2); i++) pass();
        double best = double.MaxValue;
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < passes; i++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            pass();
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - before).TotalMicroseconds / operationsPerPass);
        }
        return best;
    }
}
