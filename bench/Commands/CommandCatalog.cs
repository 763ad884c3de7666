using System.CommandLine;

namespace HealthLedger.Bench.Commands;

/// <summary>Every subcommand of <c>healthledger</c>, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return RunCommand.Create();
        yield return DemoCommand.Create();
        yield return ProofCommand.Create();
        yield return RiskCommand.Create();
        yield return CostCommand.Create();
        yield return AttackCommand.Create();
        yield return NodeCommand.Create();
        yield return ClusterCommand.Create();
        yield return ThroughputCommand.Create();
        yield return MicroBenchCommand.Create();
        yield return CpuBenchCommand.Create();
    }
}
