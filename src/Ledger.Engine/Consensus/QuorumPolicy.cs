using System.Globalization;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// When a set of validators is enough to fully validate a ledger (and to accept a transaction set). Chosen by
/// configuration; the safety and liveness tolerance of each policy is worked out in docs/consensus.md.
/// Every comparison is inclusive ("at least q") and exact.
/// </summary>
public abstract record QuorumPolicy
{
    private protected QuorumPolicy() { }

    /// <summary>True when the validators counted in <paramref name="tally"/> form a quorum.</summary>
    public abstract bool IsSatisfiedBy(VoteTally tally);

    /// <summary>A sentence naming the first problem with the policy's own values, or null when they are usable.</summary>
    public abstract string? Problem();

    /// <summary><c>flat(q)</c>: at least q of the validators by count, ignoring groups (the XRP Ledger's 80%).</summary>
    public static QuorumPolicy Flat(Share q) => new FlatQuorum(q);

    /// <summary><c>weighted(q)</c>: at least q of the total voting power.</summary>
    public static QuorumPolicy Weighted(Share q) => new WeightedQuorum(q);

    /// <summary><c>groups(k, qg)</c>: at least k of the three groups each reach qg of their own power.</summary>
    public static QuorumPolicy Groups(int k, Share qg) => new GroupsQuorum(k, qg);

    /// <summary>The default: <c>flat(0.8)</c>.</summary>
    public static QuorumPolicy Default { get; } = Flat(Share.Parse("0.8"));

    /// <summary>Parses "flat", "flat(0.8)", "weighted(0.8)", "groups", "groups(2,0.67)"; defaults as in the
    /// constructors' documentation (flat 0.8, weighted 0.8, groups k=2 qg=0.67).</summary>
    public static bool TryParse(string? text, out QuorumPolicy? policy, out string? error)
    {
        policy = null;
        error = null;
        string s = (text ?? "").Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        string name = s;
        string[] args = [];
        int open = s.IndexOf('(');
        if (open >= 0)
        {
            if (!s.EndsWith(')')) { error = $"'{text}' is missing its closing parenthesis"; return false; }
            name = s[..open];
            args = s[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries);
        }
        switch (name)
        {
            case "flat" or "weighted":
                if (args.Length > 1) { error = $"{name} takes one share, as in {name}(0.8)"; return false; }
                var q = Share.Parse("0.8");
                if (args.Length == 1 && !Share.TryParse(args[0], out q, out error)) return false;
                policy = name == "flat" ? Flat(q) : Weighted(q);
                break;
            case "groups":
                if (args.Length is not (0 or 2)) { error = "groups takes a group count and a share, as in groups(2,0.67)"; return false; }
                int k = 2;
                var qg = Share.Parse("0.67");
                if (args.Length == 2)
                {
                    if (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out k)) { error = $"'{args[0]}' is not a group count"; return false; }
                    if (!Share.TryParse(args[1], out qg, out error)) return false;
                }
                policy = Groups(k, qg);
                break;
            default:
                error = $"'{text}' is not a quorum policy (flat(q), weighted(q) or groups(k,qg))";
                return false;
        }
        error = policy.Problem();
        if (error is not null) policy = null;
        return policy is not null;
    }

    /// <summary>Parses like <see cref="TryParse"/> or throws <see cref="FormatException"/> naming the problem.</summary>
    public static QuorumPolicy Parse(string text) =>
        TryParse(text, out var p, out var e) ? p! : throw new FormatException($"Invalid quorum policy: {e}.");
}

/// <summary>At least <see cref="Q"/> of the validators by count.</summary>
/// <param name="Q">The share of validators required.</param>
public sealed record FlatQuorum(Share Q) : QuorumPolicy
{
    /// <inheritdoc />
    public override bool IsSatisfiedBy(VoteTally tally) => Q.IsReachedBy(tally.Count, tally.Set.Count);

    /// <inheritdoc />
    public override string? Problem() => Q.Numerator == 0 ? "flat(q) needs q > 0" : null;

    /// <inheritdoc />
    public override string ToString() => $"flat({Q})";
}

/// <summary>At least <see cref="Q"/> of the total voting power.</summary>
/// <param name="Q">The share of power required.</param>
public sealed record WeightedQuorum(Share Q) : QuorumPolicy
{
    /// <inheritdoc />
    public override bool IsSatisfiedBy(VoteTally tally) => Q.IsReachedBy(tally.Power, tally.Set.TotalPower);

    /// <inheritdoc />
    public override string? Problem() => Q.Numerator == 0 ? "weighted(q) needs q > 0" : null;

    /// <inheritdoc />
    public override string ToString() => $"weighted({Q})";
}

/// <summary>At least <see cref="K"/> of the three groups each reach <see cref="Qg"/> of their own power. A group
/// with no validators never reaches its share. Validators of one group have equal power, so the internal share is
/// also the share by count, which keeps zero-weight groups meaningful.</summary>
/// <param name="K">How many groups must reach their internal share (1..3).</param>
/// <param name="Qg">The internal share each of those groups must reach.</param>
public sealed record GroupsQuorum(int K, Share Qg) : QuorumPolicy
{
    /// <inheritdoc />
    public override bool IsSatisfiedBy(VoteTally tally)
    {
        int reached = 0;
        foreach (var g in ValidatorGroups.All)
        {
            int size = tally.Set.GroupSize(g);
            if (size > 0 && Qg.IsReachedBy(tally.CountIn(g), size)) reached++;
        }
        return reached >= K;
    }

    /// <summary>The groups that reached their internal share, for reports.</summary>
    public IEnumerable<ValidatorGroup> GroupsReached(VoteTally tally) =>
        ValidatorGroups.All.Where(g => tally.Set.GroupSize(g) > 0 && Qg.IsReachedBy(tally.CountIn(g), tally.Set.GroupSize(g)));

    /// <inheritdoc />
    public override string? Problem() =>
        K is < 1 or > 3 ? $"groups(k, qg) needs k in 1..3, not {K}"
        : Qg.Numerator == 0 ? "groups(k, qg) needs qg > 0"
        : null;

    /// <inheritdoc />
    public override string ToString() => $"groups({K},{Qg})";
}
