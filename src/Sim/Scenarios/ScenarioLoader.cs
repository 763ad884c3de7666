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
    public static Scenario Load(string path) => LoadWithSeed(path).Scenario;

    /// <summary>Loads and validates a scenario file, with the seed to run it with: a run report's (see
    /// <see cref="ParseWithSeed"/>), otherwise the scenario's own.</summary>
    public static (Scenario Scenario, ulong Seed) LoadWithSeed(string path)
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
        return ParseWithSeed(text, path);
    }

    /// <summary>Parses and validates scenario JSON; <paramref name="source"/> names it in errors.</summary>
    public static Scenario Parse(string json, string source = "scenario") => ParseWithSeed(json, source).Scenario;

    /// <summary>Parses and validates scenario JSON, with the seed to run it with. A run report (<c>run.json</c>, from
    /// <c>healthledger run</c> or <c>healthledger cluster</c>) is taken as the scenario it ran, with the seed it ran
    /// with: a real cluster's run, its crashes and cut links included, runs again in the simulator, and a simulation's
    /// runs again to the same bytes.</summary>
    public static (Scenario Scenario, ulong Seed) ParseWithSeed(string json, string source = "scenario")
    {
        Scenario? scenario = Reported(json, source, out ulong? ranWith);
        if (scenario is null)
        {
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
        }
        if (scenario is null) throw new ScenarioException(source, ["the document is empty (null)"]);
        var problems = scenario.Problems();
        if (problems.Count > 0) throw new ScenarioException(source, problems);
        return (scenario, ranWith ?? scenario.Seed);
    }

    /// <summary>SHA-256 of the resolved scenario's canonical JSON (defaults filled in): names exactly what ran.</summary>
    public static Hash256 Hash(Scenario scenario) => Hash256.Compute(JsonReport.ToUtf8Bytes(scenario));

    /// <summary>The scenario of a run report (an object with <c>Scenario</c> and <c>ScenarioHash</c>, as
    /// <c>RunReport</c> writes it) and the seed it ran with; null when <paramref name="json"/> is not a run report.</summary>
    private static Scenario? Reported(string json, string source, out ulong? ranWith)
    {
        ranWith = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            return null; // not JSON at all: the scenario parser says where
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Scenario", out var element) || !root.TryGetProperty("ScenarioHash", out _))
                return null;
            Scenario? scenario;
            try
            {
                scenario = JsonReport.Parse<Scenario>(element.GetRawText());
            }
            catch (JsonException e)
            {
                throw new ScenarioException(source, [$"the run report's Scenario{(string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('$'))}: {e.InnerException?.Message ?? FirstSentence(e.Message)}"]);
            }
            if (scenario is null) throw new ScenarioException(source, ["the run report's Scenario is null"]);
            if (root.TryGetProperty("Seed", out var seed) && seed.TryGetUInt64(out ulong s)) ranWith = s;
            return scenario;
        }
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
