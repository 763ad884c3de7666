using HealthLedger.Sim.Risk;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Sim.Risk.Reporting;

namespace HealthLedger.Sim.Tests.Risk;

/// <summary>Validation of <c>healthledger risk</c>'s arguments: every rejection names its option.</summary>
public sealed class RiskArgumentsTests
{
    private static readonly RiskArguments Valid = new() { Groups = "7,7,7", Policy = "groups", P = "0.1" };

    [Fact]
    public void Defaults_are_those_of_the_issue()
    {
        var request = Valid.Parse().Request!;
        Assert.Equal(new GroupsPolicy(2, Rational.Parse("0.67")), request.Configuration.Policy);
        Assert.Equal(FaultModel.Byzantine, request.Configuration.Fault);
        Assert.Equal(GroupWeights.Equal, request.Configuration.Weights);
        Assert.Equal(new IndependentCompromise(0.1), request.Distribution);
        Assert.Equal((0, 0, RiskArguments.DefaultSeed), (request.Trials, request.ModelTrials, request.Seed));
        var flat = (Valid with { Policy = "flat" }).Parse().Request!;
        Assert.Equal(new FlatPolicy(Rational.Parse("0.8")), flat.Configuration.Policy);
    }

    public static TheoryData<RiskArguments, string> Rejected => new()
    {
        { Valid with { Groups = null }, "--groups" },
        { Valid with { Groups = "7,7" }, "--groups" },
        { Valid with { Groups = "7,0,7" }, "--groups" },
        { Valid with { Groups = "7,x,7" }, "--groups" },
        { Valid with { Groups = "1001,7,7" }, "--groups" },
        { Valid with { Weights = "1,1" }, "--weights" },
        { Valid with { Weights = "1,-1,1" }, "--weights" },
        { Valid with { Weights = "1,0,1" }, "--weights" },
        { Valid with { Policy = null }, "--policy" },
        { Valid with { Policy = "majority" }, "--policy" },
        { Valid with { Quorum = "0.8" }, "--quorum" },
        { Valid with { Policy = "flat", Quorum = "1.2" }, "--quorum" },
        { Valid with { Policy = "weighted", Quorum = "0" }, "--quorum" },
        { Valid with { Policy = "flat", K = "2" }, "--k" },
        { Valid with { Policy = "weighted", GroupQuorum = "0.67" }, "--group-quorum" },
        { Valid with { K = "0" }, "--k" },
        { Valid with { K = "4" }, "--k" },
        { Valid with { GroupQuorum = "abc" }, "--group-quorum" },
        { Valid with { P = null }, "--p" },
        { Valid with { P = "1.5" }, "--p" },
        { Valid with { P = "NaN" }, "--p" },
        { Valid with { Compromised = "1,0,0" }, "--p/--compromised/--compromised-total" },
        { Valid with { P = null, Compromised = "8,0,0" }, "--compromised" },
        { Valid with { P = null, Compromised = "-1,0,0" }, "--compromised" },
        { Valid with { P = null, CompromisedTotal = "22" }, "--compromised-total" },
        { Valid with { Fault = "omission" }, "--fault" },
        { Valid with { Trials = "-5" }, "--trials" },
        { Valid with { Trials = "1000001" }, "--trials" },
        { Valid with { ModelTrials = "-5" }, "--model-trials" },
        { Valid with { ModelTrials = "1000000000" }, "--model-trials" },
        { Valid with { Seed = "-1" }, "--seed" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Bad_arguments_are_rejected_naming_the_option(RiskArguments arguments, string option)
    {
        var result = arguments.Parse();
        Assert.Null(result.Request);
        Assert.Equal(option, result.Error!.Option);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }

    [Fact]
    public void Every_form_of_compromise_is_accepted()
    {
        Assert.IsType<FixedPerGroupCompromise>((Valid with { P = null, Compromised = "3,0,0" }).Parse().Request!.Distribution);
        Assert.IsType<FixedTotalCompromise>((Valid with { P = null, CompromisedTotal = "5" }).Parse().Request!.Distribution);
        var crash = (Valid with { Fault = "crash", Weights = "2,1,1/2", ModelTrials = "10", Trials = "3", Seed = "99" }).Parse().Request!;
        Assert.Equal((FaultModel.Crash, 10, 3, 99UL), (crash.Configuration.Fault, crash.ModelTrials, crash.Trials, crash.Seed));
    }
}
