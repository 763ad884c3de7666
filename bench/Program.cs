using System.CommandLine;
using HealthLedger.Bench.Commands;

namespace HealthLedger.Bench;

/// <summary>The <c>healthledger</c> command line: one subcommand per file in <c>Commands/</c>.</summary>
public static class Program
{
    /// <summary>Exit code for a bad argument or input file.</summary>
    public const int ExitBadInput = 2;

    public static int Main(string[] args)
    {
        GcHugePages.Apply();
        var root = new RootCommand("HealthLedger: a permissioned ledger for electronic health records, and the simulator and benchmark harness around its consensus.");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        return root.Parse(args).Invoke();
    }
}
