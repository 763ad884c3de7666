using System.Globalization;
using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Reporting;

namespace HealthLedger.Sim.Cost.Reporting;

/// <summary>
/// The options of <c>healthledger cost</c> as typed (null when absent). With <see cref="Scenario"/> the resources
/// come from running it and every other option overrides its <c>cost</c> block; without it the resources, the
/// centralized cost and the ledger's risk (a validator configuration, or a given probability) come from the options.
/// Parsing lives here so that every rejection is testable without a process.
/// </summary>
public sealed record CostArguments
{
    /// <summary>--scenario FILE.</summary>
    public string? Scenario { get; init; }

    /// <summary>--seed N (with --scenario).</summary>
    public string? Seed { get; init; }

    /// <summary>--period-days.</summary>
    public string? PeriodDays { get; init; }

    /// <summary>--full-nodes.</summary>
    public string? FullNodes { get; init; }

    /// <summary>--light-nodes.</summary>
    public string? LightNodes { get; init; }

    /// <summary>--cpu-seconds-per-full-node (per period, without --scenario).</summary>
    public string? CpuSecondsPerFullNode { get; init; }

    /// <summary>--cpu-seconds-per-light-node.</summary>
    public string? CpuSecondsPerLightNode { get; init; }

    /// <summary>--storage-bytes-per-full-node.</summary>
    public string? StorageBytesPerFullNode { get; init; }

    /// <summary>--storage-bytes-per-light-node.</summary>
    public string? StorageBytesPerLightNode { get; init; }

    /// <summary>--network-bytes-per-full-node.</summary>
    public string? NetworkBytesPerFullNode { get; init; }

    /// <summary>--network-bytes-per-light-node.</summary>
    public string? NetworkBytesPerLightNode { get; init; }

    /// <summary>--price-cpu-second.</summary>
    public string? PriceCpuSecond { get; init; }

    /// <summary>--price-stored-byte (per period).</summary>
    public string? PriceStoredByte { get; init; }

    /// <summary>--price-network-byte.</summary>
    public string? PriceNetworkByte { get; init; }

    /// <summary>--price-full-node (per period).</summary>
    public string? PriceFullNode { get; init; }

    /// <summary>--price-light-node (per period).</summary>
    public string? PriceLightNode { get; init; }

    /// <summary>--cost-per-record.</summary>
    public string? CostPerRecord { get; init; }

    /// <summary>--records: records a failure exposes.</summary>
    public string? Records { get; init; }

    /// <summary>--p: per-machine compromise probability per period.</summary>
    public string? P { get; init; }

    /// <summary>--ledger-failure safety|liveness.</summary>
    public string? LedgerFailure { get; init; }

    /// <summary>--ledger-risk: the ledger's failure probability per period, given instead of modelled.</summary>
    public string? LedgerRisk { get; init; }

    /// <summary>--groups (without --scenario), as for healthledger risk.</summary>
    public string? Groups { get; init; }

    /// <summary>--weights.</summary>
    public string? Weights { get; init; }

    /// <summary>--policy.</summary>
    public string? Policy { get; init; }

    /// <summary>--quorum.</summary>
    public string? Quorum { get; init; }

    /// <summary>--k.</summary>
    public string? K { get; init; }

    /// <summary>--group-quorum.</summary>
    public string? GroupQuorum { get; init; }

    /// <summary>--servers: the centralized baseline's servers.</summary>
    public string? Servers { get; init; }

    /// <summary>--centralized-cost: its normal cost per period.</summary>
    public string? CentralizedCost { get; init; }

    /// <summary>--centralized-risk: its failure probability per period.</summary>
    public string? CentralizedRisk { get; init; }

    /// <summary>Turns the typed text into a request, or names the option at fault and the problem.</summary>
    public CostArgumentsResult Parse()
    {
        var problems = new List<RiskArgumentError>();
        double? Number(string? text, string option, bool probability = false)
        {
            if (text is null) return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0
                || (probability && value > 1))
            {
                problems.Add(new RiskArgumentError(option, probability ? $"expected a probability between 0 and 1, got '{text}'" : $"expected a finite number >= 0, got '{text}'"));
                return null;
            }
            return value;
        }
        int? Whole(string? text, string option, int min)
        {
            if (text is null) return null;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min)
            {
                problems.Add(new RiskArgumentError(option, $"expected a whole number >= {min}, got '{text}'"));
                return null;
            }
            return value;
        }

        double? periodDays = Number(PeriodDays, "--period-days");
        if (periodDays == 0) problems.Add(new RiskArgumentError("--period-days", "must be more than 0"));
        int? fullNodes = Whole(FullNodes, "--full-nodes", 0), lightNodes = Whole(LightNodes, "--light-nodes", 0);
        double? cpuFull = Number(CpuSecondsPerFullNode, "--cpu-seconds-per-full-node"), cpuLight = Number(CpuSecondsPerLightNode, "--cpu-seconds-per-light-node");
        double? storageFull = Number(StorageBytesPerFullNode, "--storage-bytes-per-full-node"), storageLight = Number(StorageBytesPerLightNode, "--storage-bytes-per-light-node");
        double? networkFull = Number(NetworkBytesPerFullNode, "--network-bytes-per-full-node"), networkLight = Number(NetworkBytesPerLightNode, "--network-bytes-per-light-node");
        double? priceCpu = Number(PriceCpuSecond, "--price-cpu-second"), priceStored = Number(PriceStoredByte, "--price-stored-byte");
        double? priceNetwork = Number(PriceNetworkByte, "--price-network-byte"), priceFull = Number(PriceFullNode, "--price-full-node");
        double? priceLight = Number(PriceLightNode, "--price-light-node");
        double? costPerRecord = Number(CostPerRecord, "--cost-per-record"), records = Number(Records, "--records");
        double? p = Number(P, "--p", probability: true), ledgerRisk = Number(LedgerRisk, "--ledger-risk", probability: true);
        int? servers = Whole(Servers, "--servers", 1);
        double? centralizedCost = Number(CentralizedCost, "--centralized-cost"), centralizedRisk = Number(CentralizedRisk, "--centralized-risk", probability: true);
        if (LedgerFailure is not null and not ("safety" or "liveness"))
            problems.Add(new RiskArgumentError("--ledger-failure", $"expected safety or liveness, got '{LedgerFailure}'"));
        ulong? seed = null;
        if (Seed is not null)
        {
            if (ulong.TryParse(Seed, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s)) seed = s;
            else problems.Add(new RiskArgumentError("--seed", $"expected a whole number from 0 to {ulong.MaxValue}, got '{Seed}'"));
        }
        if (problems.Count > 0) return new CostArgumentsResult(null, problems[0]);

        // Everything the cost block can say, as overrides of a spec (the scenario's, or the defaults).
        CostSpec Override(CostSpec spec) => spec with
        {
            PeriodDays = periodDays ?? spec.PeriodDays,
            FullNodes = fullNodes ?? spec.FullNodes,
            LightNodes = lightNodes ?? spec.LightNodes,
            Prices = spec.Prices with
            {
                PerCpuSecond = priceCpu ?? spec.Prices.PerCpuSecond,
                PerStoredBytePerPeriod = priceStored ?? spec.Prices.PerStoredBytePerPeriod,
                PerNetworkByte = priceNetwork ?? spec.Prices.PerNetworkByte,
                PerFullNodePerPeriod = priceFull ?? spec.Prices.PerFullNodePerPeriod,
                PerLightNodePerPeriod = priceLight ?? spec.Prices.PerLightNodePerPeriod,
            },
            CostOfFailurePerRecord = costPerRecord ?? spec.CostOfFailurePerRecord,
            RecordsExposed = records ?? spec.RecordsExposed,
            CompromiseProbabilityPerPeriod = p ?? spec.CompromiseProbabilityPerPeriod,
            LedgerFailure = LedgerFailure ?? spec.LedgerFailure,
            LedgerFailureProbabilityPerPeriod = ledgerRisk ?? spec.LedgerFailureProbabilityPerPeriod,
            Centralized = spec.Centralized with
            {
                Servers = servers ?? spec.Centralized.Servers,
                NormalCostPerPeriod = centralizedCost ?? spec.Centralized.NormalCostPerPeriod,
                FailureProbabilityPerPeriod = centralizedRisk ?? spec.Centralized.FailureProbabilityPerPeriod,
            },
        };

        var riskOptions = new (string Option, string? Value)[] { ("--groups", Groups), ("--weights", Weights), ("--policy", Policy), ("--quorum", Quorum), ("--k", K), ("--group-quorum", GroupQuorum) };
        var resourceOptions = new (string Option, double? Value)[]
        {
            ("--cpu-seconds-per-full-node", cpuFull), ("--cpu-seconds-per-light-node", cpuLight), ("--storage-bytes-per-full-node", storageFull),
            ("--storage-bytes-per-light-node", storageLight), ("--network-bytes-per-full-node", networkFull), ("--network-bytes-per-light-node", networkLight),
        };
        if (Scenario is not null)
        {
            foreach (var (option, value) in riskOptions)
                if (value is not null) return Fail(option, "applies only without --scenario (the scenario names its validators)");
            foreach (var (option, value) in resourceOptions)
                if (value is not null) return Fail(option, "applies only without --scenario (the run measures the resources)");
            return new CostArgumentsResult(new CostRequest(Scenario, seed, Override, null), null);
        }

        if (Seed is not null) return Fail("--seed", "applies only with --scenario");
        if (fullNodes is null) return Fail("--full-nodes", "is required without --scenario (or give --scenario FILE to measure a run)");
        if (centralizedCost is null) return Fail("--centralized-cost", "is required without --scenario: deriving the baseline's cost needs a run's measured transactions");
        if (records is null) return Fail("--records", "is required without --scenario: how many records a failure exposes");
        var spec = Override(new CostSpec());
        var kind = spec.LedgerFailure == "liveness" ? FailureKind.Liveness : FailureKind.Safety;
        LedgerRisk risk;
        if (ledgerRisk is { } given)
        {
            foreach (var (option, value) in riskOptions)
                if (value is not null) return Fail(option, "give either --ledger-risk or a validator configuration, not both");
            risk = new LedgerRisk(null, kind, given);
        }
        else
        {
            if (Groups is null) return Fail("--groups", "is required without --scenario unless --ledger-risk is given, e.g. --groups 7,7,7 --policy groups");
            var parsed = new RiskArguments
            {
                Groups = Groups, Weights = Weights, Policy = Policy, Quorum = Quorum, K = K, GroupQuorum = GroupQuorum,
                P = spec.CompromiseProbabilityPerPeriod.ToString("R", CultureInfo.InvariantCulture),
            }.Parse();
            if (parsed.Error is { } riskError) return new CostArgumentsResult(null, riskError);
            risk = new LedgerRisk(new RiskModel(parsed.Request!.Configuration), kind, null);
        }
        var usage = new ResourceUsage(fullNodes.Value, lightNodes ?? 0, cpuFull ?? 0, cpuLight ?? 0, storageFull ?? 0, storageLight ?? 0,
            networkFull ?? 0, networkLight ?? 0);
        var inputs = new CostInputs(spec.PeriodDays, usage, spec.Prices.ToUnitPrices(), spec.CostOfFailurePerRecord, records.Value,
            spec.CompromiseProbabilityPerPeriod, risk, spec.Centralized.Servers, null, centralizedCost, spec.Centralized.FailureProbabilityPerPeriod);
        if (inputs.Validate() is { } problem) return Fail("--full-nodes", problem);
        return new CostArgumentsResult(new CostRequest(null, null, Override, inputs), null);
    }

    private static CostArgumentsResult Fail(string option, string message) => new(null, new RiskArgumentError(option, message));
}

/// <summary>Either a request or the option at fault.</summary>
public sealed record CostArgumentsResult(CostRequest? Request, RiskArgumentError? Error);

/// <summary>A validated <c>healthledger cost</c> request: a scenario to run with its cost block overridden, or the
/// inputs themselves.</summary>
/// <param name="Scenario">The scenario file, or null.</param>
/// <param name="Seed">Its seed override.</param>
/// <param name="Override">Applies the command-line overrides to a scenario's cost block.</param>
/// <param name="Inputs">The inputs given on the command line (null with a scenario).</param>
public sealed record CostRequest(string? Scenario, ulong? Seed, Func<CostSpec, CostSpec> Override, CostInputs? Inputs);
