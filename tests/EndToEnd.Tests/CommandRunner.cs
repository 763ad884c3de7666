using System.CommandLine;
using HealthLedger.Bench.Commands;

namespace HealthLedger.EndToEnd.Tests;

/// <summary>Runs <c>healthledger</c> subcommands in process with their output captured.</summary>
internal static class CommandRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var root = new RootCommand("test host") { DemoCommand.Create(), ProofCommand.Create() };
        var output = new StringWriter();
        int exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }
}
