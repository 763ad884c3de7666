using System.CommandLine;

namespace HealthLedger.Bench.Commands;

/// <summary>
/// Options read as text and validated by the command's own argument parser (RiskArguments, CostArguments), so that
/// every bad argument exits with <see cref="Program.ExitBadInput"/> and a message naming the option.
/// </summary>
internal static class TextOptions
{
    // Zero or more values per option, one token per occurrence, so that a missing value ("--groups" alone) or a
    // repeated option reaches our validation (exit 2) instead of becoming a parse error (exit 1).
    public static Option<string[]> Create(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };

    /// <summary>The single value of <paramref name="option"/>, null when absent, or the problem.</summary>
    public static string? Single(ParseResult parseResult, Option<string[]> option, List<string> problems)
    {
        if (parseResult.GetResult(option) is null) return null;
        var values = parseResult.GetValue(option) ?? [];
        if (values.Length == 1) return values[0];
        problems.Add(values.Length == 0 ? $"{option.Name}: needs a value" : $"{option.Name}: given {values.Length} times; give it once");
        return null;
    }
}
