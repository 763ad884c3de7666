using System.CommandLine;
using HealthLedger.Attacks.OffChain;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// <c>healthledger attack FILE [--seed N] [--out DIR] [--quiet]</c>: runs one file of bench/scenarios/attacks. A file
/// with an <c>offChain</c> section is played by clients against an in-process ledger and a directory store (exit 0
/// when every case ended as promised, 3 otherwise); any other file is a consensus scenario and runs exactly as
/// <c>healthledger run</c> (exit 0, 3 or 4 by its expectations). Exit 2 for a bad file.
/// </summary>
internal static class AttackCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "An attack file, e.g. bench/scenarios/attacks/forged-uploads.json." };
        var seed = new Option<ulong?>("--seed") { Description = "Root seed of a consensus scenario (overrides the file's)." };
        var output = new Option<string?>("--out") { Description = "Output directory of a consensus scenario (default results/<name>)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var command = new Command("attack", "Run one attack file: a consensus scenario, or an off-chain attack played by clients.") { file, seed, output, quiet };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(file)!, parse.GetValue(seed), parse.GetValue(output), parse.GetValue(quiet), parse.InvocationConfiguration.Output));
        return command;
    }

    public static async Task<int> RunAsync(string path, ulong? seed, string? outDir, bool quiet, TextWriter stdout)
    {
        OffChainAttackSpec spec;
        try
        {
            if (!File.Exists(path)) throw new ArgumentException($"{path}: no such file");
            if (!OffChainAttackSpec.IsOffChain(path)) return RunCommand.Run(path, seed, outDir, quiet, stdout);
            spec = OffChainAttackSpec.Load(path);
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or IOException)
        {
            await stdout.WriteLineAsync($"error: {e.Message}");
            return Program.ExitBadInput;
        }
        await stdout.WriteLineAsync($"attack {spec.Name}: {spec.Description}");
        var outcomes = await OffChainAttacks.RunAsync(spec);
        foreach (var o in outcomes)
            await stdout.WriteLineAsync($"  {o.Attack,-16} attacks {o.Invariant,-15} expected {o.Expected,-8} actual {o.Actual,-9} {(o.AsExpected ? "ok" : "UNEXPECTED")}  {o.Detail}");
        return outcomes.All(o => o.AsExpected) ? 0 : RunCommand.ExitSafety;
    }
}
