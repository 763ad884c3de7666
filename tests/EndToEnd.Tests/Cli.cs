using HealthLedger.Bench;

namespace HealthLedger.EndToEnd.Tests;

/// <summary>Runs <c>healthledger</c> through its real entry point with the console captured. Console output is
/// process-wide, so every test class using this belongs to the "console" collection, which nothing else shares.</summary>
internal static class Cli
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            int exitCode = Program.Main(args);
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
