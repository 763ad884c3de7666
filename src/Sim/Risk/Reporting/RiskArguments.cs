using System.Globalization;
using HealthLedger.Sim.Risk.Probability;

namespace HealthLedger.Sim.Risk.Reporting;

/// <summary>
/// The options of <c>healthledger risk</c> as the user typed them (null when absent). Parsing lives here rather than in
/// the command so that every rejection can be tested without a process.
/// </summary>
public sealed record RiskArguments
{
    /// <summary>--groups: three group sizes, e.g. "7,7,7".</summary>
    public string? Groups { get; init; }

    /// <summary>--weights: three group weights, e.g. "1,1,1" or "2,1,1/2".</summary>
    public string? Weights { get; init; }

    /// <summary>--policy: flat, weighted or groups.</summary>
    public string? Policy { get; init; }

    /// <summary>--quorum: the share for flat and weighted.</summary>
    public string? Quorum { get; init; }

    /// <summary>--k: how many groups must reach their share, for groups.</summary>
    public string? K { get; init; }

    /// <summary>--group-quorum: the share within a group, for groups.</summary>
    public string? GroupQuorum { get; init; }

    /// <summary>--p: the per-validator compromise probability.</summary>
    public string? P { get; init; }

    /// <summary>--compromised: compromised validators per group, e.g. "3,0,0".</summary>
    public string? Compromised { get; init; }

    /// <summary>--compromised-total: a number of compromised validators placed uniformly at random.</summary>
    public string? CompromisedTotal { get; init; }

    /// <summary>--fault: byzantine or crash.</summary>
    public string? Fault { get; init; }

    /// <summary>--trials: trials of the real protocol in the simulator (each a few simulated seconds): the issue's
    /// <c>measured</c> figure.</summary>
    public string? Trials { get; init; }

    /// <summary>The most protocol trials accepted (each is one or two simulations).</summary>
    public const int MaxTrials = 1_000_000;

    /// <summary>--model-trials: Monte Carlo trials sampling the analytic model (a check of its sums, JSON <c>sampledModel</c>).</summary>
    public string? ModelTrials { get; init; }

    /// <summary>--seed: the sampler's seed.</summary>
    public string? Seed { get; init; }

    /// <summary>The most model trials accepted; the sampler runs about a million model trials a second.</summary>
    public const int MaxModelTrials = 100_000_000;

    /// <summary>The seed used when none is given, printed in every report so a run reproduces.</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>Turns the typed text into a request, or names the option at fault and the problem.</summary>
    public RiskArgumentsResult Parse()
    {
        if (Groups is null) return Fail("--groups", "is required, e.g. --groups 7,7,7");
        if (!TryParseThree<int>(Groups, TryParseInteger, out var sizes))
            return Fail("--groups", $"expected three whole numbers such as 7,7,7, got '{Groups}'");
        var groupSizes = new GroupCounts(sizes[0], sizes[1], sizes[2]);
        for (int g = 0; g < GroupCounts.GroupCount; g++)
            if (sizes[g] < 1 || sizes[g] > RiskConfiguration.MaxGroupSize)
                return Fail("--groups", $"each group needs 1 to {RiskConfiguration.MaxGroupSize} validators, got {sizes[g]} {GroupCounts.GroupNames[g]}");

        var weights = GroupWeights.Equal;
        if (Weights is not null)
        {
            if (!TryParseThree<Rational>(Weights, TryParseRational, out var w))
                return Fail("--weights", $"expected three positive numbers such as 1,1,1 or 2,1,1/2, got '{Weights}'");
            if (w.Any(x => x <= Rational.Zero)) return Fail("--weights", $"every weight must be positive, got '{Weights}'");
            weights = new GroupWeights(w[0], w[1], w[2]);
        }

        var policyResult = ParsePolicy();
        if (policyResult.Error is { } policyError) return new RiskArgumentsResult(null, policyError);
        var policy = policyResult.Policy!;

        var fault = FaultModel.Byzantine;
        if (Fault is not null)
        {
            switch (Fault.Trim().ToLowerInvariant())
            {
                case "byzantine": fault = FaultModel.Byzantine; break;
                case "crash": fault = FaultModel.Crash; break;
                default: return Fail("--fault", $"expected byzantine or crash, got '{Fault}'");
            }
        }

        int given = (P is null ? 0 : 1) + (Compromised is null ? 0 : 1) + (CompromisedTotal is null ? 0 : 1);
        if (given != 1)
            return Fail(given == 0 ? "--p" : "--p/--compromised/--compromised-total",
                given == 0 ? "one of --p, --compromised or --compromised-total is required" : "give only one of --p, --compromised and --compromised-total");
        CompromiseDistribution distribution;
        string distributionOption;
        if (P is not null)
        {
            distributionOption = "--p";
            if (!double.TryParse(P, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || !(p is >= 0 and <= 1))
                return Fail("--p", $"expected a probability between 0 and 1, got '{P}'");
            distribution = new IndependentCompromise(p);
        }
        else if (Compromised is not null)
        {
            distributionOption = "--compromised";
            if (!TryParseThree<int>(Compromised, TryParseInteger, out var b))
                return Fail("--compromised", $"expected three whole numbers such as 3,0,0, got '{Compromised}'");
            distribution = new FixedPerGroupCompromise(new GroupCounts(b[0], b[1], b[2]));
        }
        else
        {
            distributionOption = "--compromised-total";
            if (!int.TryParse(CompromisedTotal, NumberStyles.None, CultureInfo.InvariantCulture, out int m))
                return Fail("--compromised-total", $"expected a whole number, got '{CompromisedTotal}'");
            distribution = new FixedTotalCompromise(m);
        }
        if (distribution.Validate(groupSizes) is { } distributionError) return Fail(distributionOption, distributionError);

        int modelTrials = 0;
        if (ModelTrials is not null && (!int.TryParse(ModelTrials, NumberStyles.None, CultureInfo.InvariantCulture, out modelTrials) || modelTrials > MaxModelTrials))
            return Fail("--model-trials", $"expected a whole number from 0 to {MaxModelTrials}, got '{ModelTrials}'");
        int trials = 0;
        if (Trials is not null && (!int.TryParse(Trials, NumberStyles.None, CultureInfo.InvariantCulture, out trials) || trials > MaxTrials))
            return Fail("--trials", $"expected a whole number from 0 to {MaxTrials}, got '{Trials}'");
        ulong seed = DefaultSeed;
        if (Seed is not null && !ulong.TryParse(Seed, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
            return Fail("--seed", $"expected a whole number from 0 to {ulong.MaxValue}, got '{Seed}'");

        var configuration = new RiskConfiguration(groupSizes, weights, policy, fault);
        if (configuration.Validate() is { } configurationError) return Fail("--groups", configurationError);
        try
        {
            _ = QuorumSystem.Compile(configuration);
        }
        catch (ArgumentException e)
        {
            return Fail("--weights", e.Message);
        }
        return new RiskArgumentsResult(new RiskRequest(configuration, distribution, modelTrials, seed, trials), null);
    }

    private (QuorumPolicy? Policy, RiskArgumentError? Error) ParsePolicy()
    {
        if (Policy is null) return (null, new RiskArgumentError("--policy", "is required: flat, weighted or groups"));
        string name = Policy.Trim().ToLowerInvariant();
        if (name is "flat" or "weighted")
        {
            if (K is not null) return (null, new RiskArgumentError("--k", $"applies only to --policy groups, not {name}"));
            if (GroupQuorum is not null) return (null, new RiskArgumentError("--group-quorum", $"applies only to --policy groups, not {name}"));
            var quorum = Rational.Parse("0.8");
            if (Quorum is not null && !TryParseShare(Quorum, out quorum))
                return (null, new RiskArgumentError("--quorum", $"expected a share above 0 and at most 1 such as 0.8 or 4/5, got '{Quorum}'"));
            return (name == "flat" ? new FlatPolicy(quorum) : new WeightedPolicy(quorum), null);
        }
        if (name == "groups")
        {
            if (Quorum is not null) return (null, new RiskArgumentError("--quorum", "applies to --policy flat or weighted; groups takes --k and --group-quorum"));
            int k = 2;
            if (K is not null && (!int.TryParse(K, NumberStyles.None, CultureInfo.InvariantCulture, out k) || k is < 1 or > 3))
                return (null, new RiskArgumentError("--k", $"expected 1, 2 or 3 groups, got '{K}'"));
            var groupQuorum = Rational.Parse("0.67");
            if (GroupQuorum is not null && !TryParseShare(GroupQuorum, out groupQuorum))
                return (null, new RiskArgumentError("--group-quorum", $"expected a share above 0 and at most 1 such as 0.67 or 2/3, got '{GroupQuorum}'"));
            return (new GroupsPolicy(k, groupQuorum), null);
        }
        return (null, new RiskArgumentError("--policy", $"expected flat, weighted or groups, got '{Policy}'"));
    }

    private static bool TryParseShare(string text, out Rational share) =>
        Rational.TryParse(text, out share, out _) && share > Rational.Zero && share <= Rational.One;

    private static bool TryParseInteger(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool TryParseRational(string text, out Rational value) => Rational.TryParse(text, out value, out _);

    private delegate bool TryParser<T>(string text, out T value);

    private static bool TryParseThree<T>(string text, TryParser<T> parse, out T[] values)
    {
        var parts = text.Split(',');
        values = new T[parts.Length];
        if (parts.Length != GroupCounts.GroupCount) return false;
        for (int i = 0; i < parts.Length; i++)
            if (!parse(parts[i].Trim(), out values[i])) return false;
        return true;
    }

    private static RiskArgumentsResult Fail(string option, string message) => new(null, new RiskArgumentError(option, message));
}

/// <summary>A rejected argument: the option at fault and what is wrong with it.</summary>
public sealed record RiskArgumentError(string Option, string Message)
{
    /// <summary>"--groups: expected ...".</summary>
    public override string ToString() => $"{Option}: {Message}";
}

/// <summary>Either a request or the reason there is none.</summary>
public sealed record RiskArgumentsResult(RiskRequest? Request, RiskArgumentError? Error);

/// <summary>A validated <c>healthledger risk</c> request.</summary>
/// <param name="Configuration">The network.</param>
/// <param name="Distribution">How validators are compromised.</param>
/// <param name="ModelTrials">Trials sampling the analytic model (--model-trials; 0: none).</param>
/// <param name="Seed">The samplers' seed.</param>
/// <param name="Trials">Trials of the real protocol in the simulator (--trials; 0: none).</param>
public sealed record RiskRequest(RiskConfiguration Configuration, CompromiseDistribution Distribution, int ModelTrials, ulong Seed, int Trials = 0);
