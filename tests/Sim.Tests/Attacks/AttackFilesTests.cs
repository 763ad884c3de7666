using HealthLedger.Attacks.OffChain;
using HealthLedger.Sim.Scenarios;

namespace HealthLedger.Sim.Tests.Attacks;

/// <summary>Runs every file of bench/scenarios/attacks and checks that each ended as it says it will: consensus
/// scenarios in the simulator (every invariant as expected), off-chain files by clients (every case as promised).</summary>
public class AttackFilesTests
{
    private static string Directory_()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HealthLedger.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "bench", "scenarios", "attacks");
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Directory_(), "*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Attack_file_ends_as_expected(string file)
    {
        string path = Path.Combine(Directory_(), file);
        if (OffChainAttackSpec.IsOffChain(path))
        {
            var outcomes = await OffChainAttacks.RunAsync(OffChainAttackSpec.Load(path));
            Assert.All(outcomes, o => Assert.True(o.AsExpected, $"{file} {o.Attack}: expected {o.Expected}, got {o.Actual}: {o.Detail}"));
            return;
        }
        var scenario = ScenarioLoader.Load(path);
        Assert.InRange(scenario.NodeCount, 4, 7);
        Assert.InRange(scenario.DurationSec + scenario.DrainSec, 1, 15);
        var result = new HealthLedger.Sim.Simulation.Simulation(scenario).Run();
        Assert.All(result.Invariants, i => Assert.True(i.AsExpected, $"{file} [seed {scenario.Seed}] {i.Name}: expected {i.Expected}, got {i.Actual}: {i.Detail}"));
    }

    [Fact]
    public void The_files_cover_every_behaviour_and_both_sides_of_the_tolerance()
    {
        var scenarios = Directory.GetFiles(Directory_(), "*.json").Where(f => !OffChainAttackSpec.IsOffChain(f)).Select(ScenarioLoader.Load).ToList();
        var kinds = scenarios.SelectMany(s => s.Adversaries).Select(a => a.Kind).ToHashSet();
        Assert.Subset(kinds, HealthLedger.Attacks.Byzantine.ByzantineBehaviours.Kinds.ToHashSet());
        Assert.Contains(scenarios, s => s.Expect.Agreement == "breaks");
        Assert.Contains(scenarios, s => s.Expect.Liveness == "breaks" && s.Expect.Agreement == "holds");
        Assert.Contains(scenarios, s => s.Faults.Crashes.Count > 0);
        Assert.Contains(scenarios, s => s.Network.Partitions.Count > 0);
        var offChain = Directory.GetFiles(Directory_(), "*.json").Where(OffChainAttackSpec.IsOffChain)
            .SelectMany(f => OffChainAttackSpec.Load(f).OffChain.Cases).Select(c => c.Attack).ToHashSet();
        Assert.Equal(OffChainAttacks.Kinds.ToHashSet(), offChain);
    }
}
