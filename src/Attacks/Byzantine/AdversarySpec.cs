namespace HealthLedger.Attacks.Byzantine;

/// <summary>
/// A scenario's Byzantine validators: which behaviour, and which nodes — by index (<see cref="Nodes"/>) or as a share
/// of a group (<see cref="Group"/> + <see cref="Count"/>, the first validators of that group).
/// </summary>
public sealed record AdversarySpec
{
    /// <summary>The behaviour: one of <see cref="ByzantineBehaviours.Kinds"/>.</summary>
    public string Kind { get; init; } = "withhold";

    /// <summary>Node indexes that behave so.</summary>
    public IReadOnlyList<int> Nodes { get; init; } = [];

    /// <summary>Or: a group (generators, receivers, monitors) …</summary>
    public string? Group { get; init; }

    /// <summary>… and how many of its validators.</summary>
    public int Count { get; init; }

    /// <summary>Problems, each naming its field.</summary>
    public IEnumerable<string> Problems(string path, int nodeCount)
    {
        if (!ByzantineBehaviours.Kinds.Contains(Kind)) yield return $"{path}.kind: '{Kind}' is not one of {string.Join(", ", ByzantineBehaviours.Kinds)}";
        foreach (var n in Nodes)
            if (n < 0 || n >= nodeCount) yield return $"{path}.nodes: {n} is not a node index in [0, {nodeCount})";
        if (Group is not null && Group is not ("generators" or "receivers" or "monitors"))
            yield return $"{path}.group: '{Group}' is not one of generators, receivers, monitors";
        if (Group is not null && Count < 1) yield return $"{path}.count must be >= 1 with a group";
        if (Group is null && Nodes.Count == 0) yield return $"{path}: name nodes, or a group and a count";
    }
}

/// <summary>The catalogue of Byzantine behaviours.</summary>
public static class ByzantineBehaviours
{
    /// <summary>Every behaviour kind a scenario may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["withhold", "equivocate", "censor", "invalidSet"];

    /// <summary>A fresh behaviour for one node.</summary>
    public static IByzantineBehaviour Create(AdversarySpec spec) => spec.Kind switch
    {
        "withhold" => new WithholdBehaviour(),
        "equivocate" => new EquivocateBehaviour(),
        "censor" => new CensorBehaviour(),
        "invalidSet" => new InvalidSetBehaviour(),
        _ => throw new ArgumentException($"Unknown Byzantine behaviour '{spec.Kind}'.", nameof(spec)),
    };
}
