using System.Numerics;
using HealthLedger.Attacks.Byzantine;
using HealthLedger.Sim.Network;
using HealthLedger.Sim.Scenarios;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Risk.Sampling;

/// <summary>
/// A trial answered by running the real protocol: production node cores in the deterministic simulator, with the
/// pattern's validators made faulty, seeded by the trial seed. Under <see cref="FaultModel.Crash"/> they are down from
/// the start (never restarting) and one run judges both properties. Under <see cref="FaultModel.Byzantine"/> each
/// property gets the behaviour that attacks it, in its own run: safety is judged with the compromised validators
/// equivocating (they co-sign whatever each honest peer proposes and validates) while the honest validators are split
/// into two random halves whose links are cut — the measured adversary's only control of delivery; liveness is judged
/// with them withholding on an ordinary network. A property broke when any of its invariants broke among honest nodes.
/// Each run is single-threaded and deterministic, so trials can run in parallel and still reproduce.
/// </summary>
public sealed class ProtocolTrialRunner : IRiskTrialRunner
{
    private readonly RiskConfiguration _configuration;
    private readonly Scenario _template;
    private readonly QuorumSystem _quorums;

    /// <summary>Prepares trials of <paramref name="configuration"/>, each simulating <paramref name="durationSec"/> of
    /// workload and <paramref name="drainSec"/> of drain.</summary>
    public ProtocolTrialRunner(RiskConfiguration configuration, double durationSec = 2, double drainSec = 4)
    {
        _configuration = configuration;
        _quorums = QuorumSystem.Compile(configuration);
        var sizes = configuration.GroupSizes;
        _template = new Scenario
        {
            Name = "measured-risk-trial",
            DurationSec = durationSec,
            DrainSec = drainSec,
            Validators = new ValidatorsSpec { Generators = sizes.Generators, Receivers = sizes.Receivers, Monitors = sizes.Monitors, Weights = EngineWeights(configuration.Weights) },
            Consensus = new ConsensusSpec { Quorum = EngineQuorum(configuration.Policy) },
            Network = new NetworkSpec { Latency = new LatencySpec { Distribution = "uniform", MinMs = 5, MaxMs = 50 } },
            Crypto = "modelled",
            Workload = new WorkloadSpec { Arrivals = [new ArrivalSpec { Kind = "poisson", RatePerSec = 5 }], Patients = 30, Providers = 5, Insurers = 2 },
        };
    }

    /// <inheritdoc/>
    public string Label => "measured protocol";

    /// <summary>The scenario every trial starts from (before faults are placed).</summary>
    public Scenario Template => _template;

    /// <inheritdoc/>
    public TrialOutcome Run(CompromisePattern pattern, ulong trialSeed)
    {
        var compromised = pattern.CompromisedValidators;
        if (_configuration.Fault == FaultModel.Crash)
        {
            var crashed = _template with
            {
                Faults = new FaultsSpec { Crashes = compromised.Select(i => new CrashSpec(i, 0, null)).ToList() },
            };
            var result = new Simulation.Simulation(crashed, trialSeed).Run();
            return new TrialOutcome(SafetyBroke(result), LivenessBroke(result));
        }
        var safetyRun = SafetyScenario(compromised, trialSeed);
        var livenessRun = _template with
        {
            Adversaries = compromised.Count == 0 ? [] : [new AdversarySpec { Kind = "withhold", Nodes = compromised.ToList() }],
        };
        bool safety = SafetyBroke(new Simulation.Simulation(safetyRun, trialSeed).Run());
        bool liveness = LivenessBroke(new Simulation.Simulation(livenessRun, SplitMix64.Derive(trialSeed, 1)).Run());
        return new TrialOutcome(safety, liveness);
    }

    /// <summary>The safety run: equivocators, and the honest validators cut into two sides. The adversary splits them
    /// the way the model says breaks safety (the first split, in group order, that gives both sides a quorum with the
    /// double signers), drawing which members of a group go to each side at random; when no split can work it cuts
    /// each group in random halves, so a protocol that breaks where the model says it cannot would still show.</summary>
    public Scenario SafetyScenario(IReadOnlyList<int> compromised, ulong trialSeed)
    {
        var set = compromised.ToHashSet();
        var sizes = _configuration.GroupSizes;
        int[] start = [0, sizes.Generators, sizes.Generators + sizes.Receivers];
        var honestByGroup = Enumerable.Range(0, 3)
            .Select(g => Enumerable.Range(start[g], sizes[g]).Where(i => !set.Contains(i)).ToArray()).ToArray();
        var doubles = GroupCounts.From(g => sizes[g] - honestByGroup[g].Length);
        var honest = GroupCounts.From(g => honestByGroup[g].Length);
        var toA = BreakingSplit(doubles, honest) ?? GroupCounts.From(g => honest[g] / 2);
        var random = new SplitMix64(SplitMix64.Derive(trialSeed, 2));
        var sideA = new HashSet<int>();
        for (int g = 0; g < 3; g++)
            foreach (int k in random.ChooseDistinct(honest[g], toA[g])) sideA.Add(honestByGroup[g][k]);
        var all = honestByGroup.SelectMany(h => h).ToArray();
        var cut = new List<LinkSpec>();
        var far = new LatencySpec { Distribution = "constant", Ms = 1_000_000 };
        foreach (int a in all.Where(sideA.Contains))
            foreach (int b in all.Where(i => !sideA.Contains(i)))
            {
                cut.Add(new LinkSpec(a, b, far));
                cut.Add(new LinkSpec(b, a, far));
            }
        return _template with
        {
            Network = _template.Network with { Links = cut },
            Adversaries = compromised.Count == 0 ? [] : [new AdversarySpec { Kind = "equivocate", Nodes = compromised.ToList() }],
        };
    }

    /// <summary>Honest counts per group for side A such that both sides, each with every double signer, are quorums;
    /// null when there is none (safety cannot break by the model).</summary>
    private GroupCounts? BreakingSplit(GroupCounts doubles, GroupCounts honest)
    {
        for (int x0 = 0; x0 <= honest[0]; x0++)
            for (int x1 = 0; x1 <= honest[1]; x1++)
                for (int x2 = 0; x2 <= honest[2]; x2++)
                {
                    var x = new GroupCounts(x0, x1, x2);
                    if (_quorums.IsQuorum(doubles + x) && _quorums.IsQuorum(doubles + (honest - x))) return x;
                }
        return null;
    }

    private static bool SafetyBroke(Simulation.SimulationResult result) => result.Invariants.Any(i => i.IsSafety && i.Actual == "breaks");

    private static bool LivenessBroke(Simulation.SimulationResult result) => result.Invariants.Any(i => !i.IsSafety && i.Actual == "breaks");

    /// <summary>The risk model's rational group weights as the engine's integer weights (scaled by the denominators' lcm).</summary>
    public static string EngineWeights(GroupWeights weights)
    {
        var lcm = BigInteger.One;
        for (int g = 0; g < 3; g++) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, weights[g].Denominator) * weights[g].Denominator;
        return string.Join(":", Enumerable.Range(0, 3).Select(g => (weights[g].Numerator * (lcm / weights[g].Denominator)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The risk model's policy as the engine's quorum text.</summary>
    public static string EngineQuorum(QuorumPolicy policy) => policy switch
    {
        FlatPolicy flat => $"flat({flat.Quorum})",
        WeightedPolicy weighted => $"weighted({weighted.Quorum})",
        GroupsPolicy groups => $"groups({groups.GroupsNeeded},{groups.GroupQuorum})",
        _ => throw new ArgumentException($"No engine quorum for {policy.Name}.", nameof(policy)),
    };
}
