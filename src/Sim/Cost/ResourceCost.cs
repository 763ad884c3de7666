namespace HealthLedger.Sim.Cost;

/// <summary>
/// What a ledger network uses in one period. These will be measured by the simulator (CPU time, storage, network
/// bytes per node); until then a scenario supplies them. Light nodes keep only headers and their own proofs (seed 3.6).
/// </summary>
public sealed record ResourceUsage(
    int FullNodes,
    int LightNodes,
    double CpuSecondsPerFullNode,
    double CpuSecondsPerLightNode,
    double StorageBytesPerFullNode,
    double StorageBytesPerLightNode,
    double NetworkBytesPerNode);

/// <summary>Unit prices, per period where a price is a rent (storage, a node's fixed cost).</summary>
public sealed record UnitPrices(double PerCpuSecond, double PerStoredBytePerPeriod, double PerNetworkByte, double PerNodePerPeriod);

/// <summary>Turns resource use into the normal cost of a period.</summary>
public static class ResourceCost
{
    /// <summary>Normal cost: every node's fixed cost, CPU, storage and network, at the given prices.</summary>
    public static double NormalCostPerPeriod(ResourceUsage usage, UnitPrices prices)
    {
        int nodes = usage.FullNodes + usage.LightNodes;
        double cpuSeconds = usage.FullNodes * usage.CpuSecondsPerFullNode + usage.LightNodes * usage.CpuSecondsPerLightNode;
        double storedBytes = usage.FullNodes * usage.StorageBytesPerFullNode + usage.LightNodes * usage.StorageBytesPerLightNode;
        double networkBytes = nodes * usage.NetworkBytesPerNode;
        return nodes * prices.PerNodePerPeriod + cpuSeconds * prices.PerCpuSecond
               + storedBytes * prices.PerStoredBytePerPeriod + networkBytes * prices.PerNetworkByte;
    }
}
