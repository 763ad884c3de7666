using HealthLedger.Attacks.Byzantine;
using HealthLedger.Sim.Scenarios;

namespace HealthLedger.Sim.Tests.Simulation;

public class AdversaryHookTests
{
    private static Scenario Seven(int withholding) => SmallScenarios.Lan(generators: 3, receivers: 2, monitors: 2, durationSec: 6) with
    {
        DrainSec = 6,
        Adversaries = withholding == 0 ? [] : [new AdversarySpec { Kind = "withhold", Group = "receivers", Count = withholding }],
    };

    [Fact]
    public void One_withholding_validator_of_seven_is_survived_under_flat_80()
    {
        var result = new HealthLedger.Sim.Simulation.Simulation(Seven(1)).Run();
        Assert.All(result.Invariants, i => Assert.True(i.AsExpected, $"{i.Name}: {i.Detail}"));
        Assert.Equal("withhold", result.Nodes.Single(n => n.Byzantine.Length > 0).Byzantine);
    }

    [Fact]
    public void Two_withholding_validators_of_seven_halt_flat_80_without_breaking_safety()
    {
        // 5 of 7 is 71% < 80%: no ledger can be fully validated, as docs/risk-model.md predicts.
        var result = new HealthLedger.Sim.Simulation.Simulation(Seven(2)).Run();
        Assert.Equal("breaks", result.Invariants.Single(i => i.Name == "liveness").Actual);
        Assert.All(result.Invariants.Where(i => i.IsSafety), i => Assert.Equal("holds", i.Actual));
        Assert.Empty(result.Ledgers);
    }
}
