using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthLedger.Attacks.OffChain;

/// <summary>
/// An attack file that is not a consensus scenario: attacks on the off-chain store and on the ledger's transaction
/// rules, played by clients against one in-process ledger and a real (directory) blob store. Recognised by its
/// <c>offChain</c> section; <c>healthledger attack FILE</c> and the tests run it.
/// </summary>
public sealed record OffChainAttackSpec
{
    /// <summary>Short name.</summary>
    public string Name { get; init; } = "";

    /// <summary>What the file attacks and why it should fail.</summary>
    public string Description { get; init; } = "";

    /// <summary>The cases.</summary>
    public OffChainSection OffChain { get; init; } = new();

    /// <summary>Reads a file; throws <see cref="JsonException"/> or <see cref="ArgumentException"/> naming the problem.</summary>
    public static OffChainAttackSpec Load(string path)
    {
        var spec = JsonSerializer.Deserialize<OffChainAttackSpec>(File.ReadAllText(path), Options)
            ?? throw new ArgumentException($"{path}: empty file");
        for (int i = 0; i < spec.OffChain.Cases.Count; i++)
        {
            var c = spec.OffChain.Cases[i];
            if (!OffChainAttacks.Kinds.Contains(c.Attack))
                throw new ArgumentException($"offChain.cases[{i}].attack: '{c.Attack}' is not one of {string.Join(", ", OffChainAttacks.Kinds)}");
            if (c.Expect is not ("blocked" or "detected"))
                throw new ArgumentException($"offChain.cases[{i}].expect: '{c.Expect}' is not one of blocked, detected");
        }
        if (spec.OffChain.Cases.Count == 0) throw new ArgumentException("offChain.cases must list at least one case");
        return spec;
    }

    /// <summary>True when the JSON file at <paramref name="path"/> has an <c>offChain</c> section.</summary>
    public static bool IsOffChain(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("offChain", out _);
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

/// <summary>The <c>offChain</c> section.</summary>
public sealed record OffChainSection
{
    /// <summary>Attack cases, run in order, each on a fresh world.</summary>
    public IReadOnlyList<OffChainCase> Cases { get; init; } = [];
}

/// <summary>One case: an attack (one of <see cref="OffChainAttacks.Kinds"/>) and the outcome the design promises.</summary>
/// <param name="Attack">The attack.</param>
/// <param name="Expect">blocked (nothing changes and nothing leaks) or detected (the damage is seen, the data discarded and the owner told).</param>
public sealed record OffChainCase(string Attack, string Expect);

/// <summary>What one case did.</summary>
/// <param name="Attack">The attack.</param>
/// <param name="Invariant">The invariant it attacks.</param>
/// <param name="Expected">The promised outcome.</param>
/// <param name="Actual">blocked, detected, or succeeded (the attack worked).</param>
/// <param name="Detail">What was observed.</param>
public sealed record OffChainOutcome(string Attack, string Invariant, string Expected, string Actual, string Detail)
{
    /// <summary>True when the promise was kept.</summary>
    public bool AsExpected => Expected == Actual;
}
