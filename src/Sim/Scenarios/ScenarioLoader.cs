using System.Text.Json;
using System.Text.Json.Serialization;
using HealthLedger.Engine.Crypto;
using HealthLedger.Sim.Reports;

namespace HealthLedger.Sim.Scenarios;

/// <summary>A scenario file that cannot be used: each problem names the field and what is wrong with it.</summary>
public sealed class ScenarioException(string file, IReadOnlyList<string> problems)
    : Exception($"{file}: " + string.Join("; ", problems))
{
    /// <summary>The problems, one per field.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Reads scenario files: JSON with comments and trailing commas, camelCase fields, unknown fields refused.</summary>
public static class ScenarioLoader
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Loads and validates a scenario file.</summary>
    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, [$"cannot be read: {e.Message}"]);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates scenario JSON; <paramref name="source"/> names it in errors.</summary>
    public static Scenario Parse(string json, string source = "scenario")
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(json, s_options);
        }
        catch (JsonException e)
        {
            string field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the document" : e.Path.TrimStart('$', '.');
            string why = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a scenario field"
                : e.InnerException?.Message ?? FirstSentence(e.Message);
            throw new ScenarioException(source, [$"{field}: {why}"]);
        }
        if (scenario is null) throw new ScenarioException(source, ["the document is empty (null)"]);
        var problems = scenario.Problems();
        if (problems.Count > 0) throw new ScenarioException(source, problems);
        return scenario;
    }

    /// <summary>SHA-256 of the resolved scenario's canonical JSON (defaults filled in): names exactly what ran.</summary>
    public static Hash256 Hash(Scenario scenario) => Hash256.Compute(JsonReport.ToUtf8Bytes(scenario));

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
