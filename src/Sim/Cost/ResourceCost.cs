namespace HealthLedger.Sim.Cost;

/// <summary>
/// What a system uses in one period, per node. For the ledger these come from a simulator run scaled to the period
/// (<see cref="MeasuredResources"/>) or from the command line; for the derived centralized baseline the servers are
/// the "full nodes" and there are no light nodes. Light nodes keep only headers and their own proofs (seed 3.6).
/// </summary>
/// <param name="FullNodes">Nodes that keep the whole block log and state (validators, or servers).</param>
/// <param name="LightNodes">Participants' devices that keep headers and their own proofs.</param>
/// <param name="CpuSecondsPerFullNode">CPU time one full node spends in the period.</param>
/// <param name="CpuSecondsPerLightNode">CPU time one light node spends in the period.</param>
/// <param name="StorageBytesPerFullNode">Bytes one full node holds (block log and state).</param>
/// <param name="StorageBytesPerLightNode">Bytes one light node holds (headers and own proofs).</param>
/// <param name="NetworkBytesPerFullNode">Bytes one full node sends plus receives in the period.</param>
/// <param name="NetworkBytesPerLightNode">Bytes one light node sends plus receives in the period.</param>
public sealed record ResourceUsage(
    int FullNodes,
    int LightNodes,
    double CpuSecondsPerFullNode,
    double CpuSecondsPerLightNode,
    double StorageBytesPerFullNode,
    double StorageBytesPerLightNode,
    double NetworkBytesPerFullNode,
    double NetworkBytesPerLightNode)
{
    /// <summary>Returns null if every figure is usable, otherwise the first problem.</summary>
    public string? Validate()
    {
        if (FullNodes < 0) return $"full nodes must be >= 0, got {FullNodes}";
        if (LightNodes < 0) return $"light nodes must be >= 0, got {LightNodes}";
        foreach (var (name, value) in new[]
                 {
                     ("CPU seconds per full node", CpuSecondsPerFullNode), ("CPU seconds per light node", CpuSecondsPerLightNode),
                     ("storage bytes per full node", StorageBytesPerFullNode), ("storage bytes per light node", StorageBytesPerLightNode),
                     ("network bytes per full node", NetworkBytesPerFullNode), ("network bytes per light node", NetworkBytesPerLightNode),
                 })
            if (!(value >= 0) || double.IsInfinity(value)) return $"{name} must be a finite number >= 0, got {value}";
        return null;
    }
}

/// <summary>Unit prices in one currency unit. Storage and a node's fixed cost are rents, so they are per period.</summary>
/// <param name="PerCpuSecond">One second of one core.</param>
/// <param name="PerStoredBytePerPeriod">Keeping one byte for one period.</param>
/// <param name="PerNetworkByte">One byte sent or received by a node (each direction is charged to the node it passes).</param>
/// <param name="PerFullNodePerPeriod">The fixed cost of running one full node (or server) for a period: machine, operations.</param>
/// <param name="PerLightNodePerPeriod">The fixed cost of one light node for a period (0 by default: a participant's own device).</param>
public sealed record UnitPrices(double PerCpuSecond, double PerStoredBytePerPeriod, double PerNetworkByte, double PerFullNodePerPeriod,
    double PerLightNodePerPeriod = 0)
{
    /// <summary>Returns null if every price is usable, otherwise the first problem.</summary>
    public string? Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     ("perCpuSecond", PerCpuSecond), ("perStoredBytePerPeriod", PerStoredBytePerPeriod), ("perNetworkByte", PerNetworkByte),
                     ("perFullNodePerPeriod", PerFullNodePerPeriod), ("perLightNodePerPeriod", PerLightNodePerPeriod),
                 })
            if (!(value >= 0) || double.IsInfinity(value)) return $"{name} must be a finite price >= 0, got {value}";
        return null;
    }
}

/// <summary>The normal cost of a period split by what is paid for.</summary>
/// <param name="Fixed">Every node's fixed cost.</param>
/// <param name="Cpu">CPU time.</param>
/// <param name="Storage">Bytes kept for the period.</param>
/// <param name="Network">Bytes sent and received.</param>
/// <param name="FullNodes">The part paid for full nodes (or servers).</param>
/// <param name="LightNodes">The part paid for light nodes.</param>
public sealed record CostBreakdown(double Fixed, double Cpu, double Storage, double Network, double FullNodes, double LightNodes)
{
    /// <summary>The normal cost per period: the sum of the parts.</summary>
    public double Total => Fixed + Cpu + Storage + Network;
}

/// <summary>Turns resource use into the normal cost of a period.</summary>
public static class ResourceCost
{
    /// <summary>Normal cost: every node's fixed cost, CPU, storage and network, at the given prices.</summary>
    public static double NormalCostPerPeriod(ResourceUsage usage, UnitPrices prices) => Breakdown(usage, prices).Total;

    /// <summary>The normal cost split by resource and by kind of node.</summary>
    public static CostBreakdown Breakdown(ResourceUsage usage, UnitPrices prices)
    {
        double full = usage.FullNodes, light = usage.LightNodes;
        double fixedFull = full * prices.PerFullNodePerPeriod, fixedLight = light * prices.PerLightNodePerPeriod;
        double cpuFull = full * usage.CpuSecondsPerFullNode * prices.PerCpuSecond, cpuLight = light * usage.CpuSecondsPerLightNode * prices.PerCpuSecond;
        double storageFull = full * usage.StorageBytesPerFullNode * prices.PerStoredBytePerPeriod;
        double storageLight = light * usage.StorageBytesPerLightNode * prices.PerStoredBytePerPeriod;
        double networkFull = full * usage.NetworkBytesPerFullNode * prices.PerNetworkByte;
        double networkLight = light * usage.NetworkBytesPerLightNode * prices.PerNetworkByte;
        return new CostBreakdown(fixedFull + fixedLight, cpuFull + cpuLight, storageFull + storageLight, networkFull + networkLight,
            fixedFull + cpuFull + storageFull + networkFull, fixedLight + cpuLight + storageLight + networkLight);
    }
}
