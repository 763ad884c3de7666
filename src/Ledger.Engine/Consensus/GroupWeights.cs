using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// The preset voting power of each interest group (seed 3.4), as non-negative integers relative to each other:
/// 40/40/20 gives generators and receivers 40% of the power each and monitors 20%. Integers keep every power exact.
/// </summary>
/// <param name="Generators">Relative power of the data generators.</param>
/// <param name="Receivers">Relative power of the data receivers.</param>
/// <param name="Monitors">Relative power of the data monitors.</param>
public sealed record GroupWeights(long Generators, long Receivers, long Monitors)
{
    /// <summary>The largest weight accepted for one group.</summary>
    public const long MaxWeight = 1_000_000_000;

    /// <summary>Equal power for the three groups.</summary>
    public static GroupWeights Equal { get; } = new(1, 1, 1);

    /// <summary>The weight of <paramref name="group"/>.</summary>
    public long Of(ValidatorGroup group) => group switch
    {
        ValidatorGroup.Generators => Generators,
        ValidatorGroup.Receivers => Receivers,
        ValidatorGroup.Monitors => Monitors,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "Only the three validator groups carry a weight."),
    };

    /// <summary>A sentence naming the first problem, or null when the weights are usable.</summary>
    public string? Problem()
    {
        foreach (var g in ValidatorGroups.All)
        {
            long w = Of(g);
            if (w < 0 || w > MaxWeight) return $"the {g} weight must be in 0..{MaxWeight}, not {w}";
        }
        return Generators + Receivers + Monitors == 0 ? "at least one group weight must be positive" : null;
    }

    /// <summary>Parses "40:40:20" (generators:receivers:monitors).</summary>
    public static GroupWeights Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3 || !long.TryParse(parts[0], out long g) || !long.TryParse(parts[1], out long r) || !long.TryParse(parts[2], out long m))
            throw new FormatException($"Group weights are written generators:receivers:monitors (for example 40:40:20), not '{text}'.");
        return new GroupWeights(g, r, m);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Generators}:{Receivers}:{Monitors}";
}

/// <summary>Helpers over the three validator groups.</summary>
public static class ValidatorGroups
{
    /// <summary>The three validating groups, in their byte order.</summary>
    public static IReadOnlyList<ValidatorGroup> All { get; } = [ValidatorGroup.Generators, ValidatorGroup.Receivers, ValidatorGroup.Monitors];

    /// <summary>0, 1 or 2 for the three validating groups.</summary>
    public static int IndexOf(ValidatorGroup group)
    {
        Debug.Assert(group is >= ValidatorGroup.Generators and <= ValidatorGroup.Monitors, "Only the three validating groups have an index.");
        return (int)group - 1;
    }
}
