using System.CommandLine;
using BenchmarkDotNet.Running;

namespace HealthLedger.Bench.Commands;

/// <summary><c>healthledger microbench [BenchmarkDotNet arguments]</c>: runs the BenchmarkDotNet suites in <c>bench/Micro</c>.</summary>
internal static class MicroBenchCommand
{
    public static Command Create()
    {
        var rest = new Argument<string[]>("args") { Description = "Arguments passed to BenchmarkDotNet, e.g. --filter '*Crypto*'.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("microbench", "Run the BenchmarkDotNet micro-benchmarks (build in Release).") { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var forwarded = (parse.GetValue(rest) ?? []).Concat(parse.UnmatchedTokens).ToArray();
            BenchmarkSwitcher.FromAssembly(typeof(MicroBenchCommand).Assembly).Run(forwarded);
            return 0;
        });
        return command;
    }
}
