namespace HealthLedger.Sim.Network;

/// <summary>The network model of a scenario: every link's latency, bandwidth and faults, partitions and clock skew.</summary>
public sealed record NetworkSpec
{
    /// <summary>Default one-way latency of every link.</summary>
    public LatencySpec Latency { get; init; } = new() { Distribution = "constant", Ms = 1 };

    /// <summary>Each node's uplink bandwidth in bytes per second (serialization delay; a broadcast queues behind
    /// itself); 0 for unlimited.</summary>
    public long BandwidthBytesPerSec { get; init; }

    /// <summary>Probability a message is lost.</summary>
    public double LossRate { get; init; }

    /// <summary>Probability a message is delivered twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Probability a message may overtake earlier ones on its link (links are otherwise FIFO, as TCP is).</summary>
    public double ReorderRate { get; init; }

    /// <summary>Extra delay, uniform in [0, this], given to a reordered message.</summary>
    public double ReorderExtraMs { get; init; } = 20;

    /// <summary>Per-link overrides of the latency, by node index.</summary>
    public IReadOnlyList<LinkSpec> Links { get; init; } = [];

    /// <summary>Partitions that start and heal at scheduled times.</summary>
    public IReadOnlyList<PartitionSpec> Partitions { get; init; } = [];

    /// <summary>Clock skew per node index, in ms (added to the time the node core is told); missing nodes have none.</summary>
    public IReadOnlyList<double> ClockSkewMs { get; init; } = [];

    /// <summary>Checks the fields; returns the problems, each naming its field.</summary>
    public IEnumerable<string> Validate(int nodeCount)
    {
        if (Latency.Validate("network.latency") is { } l) yield return l;
        if (BandwidthBytesPerSec < 0) yield return "network.bandwidthBytesPerSec must be >= 0";
        foreach (var (name, p) in new[] { ("lossRate", LossRate), ("duplicateRate", DuplicateRate), ("reorderRate", ReorderRate) })
            if (p is < 0 or > 1 || double.IsNaN(p)) yield return $"network.{name} must be in [0, 1]";
        if (ReorderExtraMs < 0) yield return "network.reorderExtraMs must be >= 0";
        for (int i = 0; i < Links.Count; i++)
        {
            var link = Links[i];
            if (link.From < 0 || link.From >= nodeCount || link.To < 0 || link.To >= nodeCount)
                yield return $"network.links[{i}]: from and to must be node indexes in [0, {nodeCount})";
            if (link.Latency.Validate($"network.links[{i}].latency") is { } e) yield return e;
        }
        for (int i = 0; i < Partitions.Count; i++)
            foreach (var e in Partitions[i].Validate($"network.partitions[{i}]", nodeCount)) yield return e;
        if (ClockSkewMs.Count > nodeCount) yield return $"network.clockSkewMs has {ClockSkewMs.Count} entries for {nodeCount} nodes";
    }
}

/// <summary>A latency override for one directed link.</summary>
/// <param name="From">Sender node index.</param>
/// <param name="To">Receiver node index.</param>
/// <param name="Latency">Its latency.</param>
public sealed record LinkSpec(int From, int To, LatencySpec Latency);

/// <summary>
/// A partition active during [startMs, endMs): nodes in <see cref="Side"/> cannot reach the others (and, unless
/// <see cref="OneWay"/>, the others cannot reach them). A message is lost if the partition is active when it is sent or
/// when it would arrive.
/// </summary>
public sealed record PartitionSpec
{
    /// <summary>When it starts, ms of simulated time.</summary>
    public double StartMs { get; init; }

    /// <summary>When it heals.</summary>
    public double EndMs { get; init; }

    /// <summary>The node indexes cut off from the rest.</summary>
    public IReadOnlyList<int> Side { get; init; } = [];

    /// <summary>When true only messages from <see cref="Side"/> to the rest are lost.</summary>
    public bool OneWay { get; init; }

    /// <summary>Checks the fields.</summary>
    public IEnumerable<string> Validate(string path, int nodeCount)
    {
        if (StartMs < 0 || EndMs <= StartMs) yield return $"{path}: needs 0 <= startMs < endMs";
        if (Side.Count == 0) yield return $"{path}.side must name at least one node";
        foreach (var n in Side)
            if (n < 0 || n >= nodeCount) yield return $"{path}.side: {n} is not a node index in [0, {nodeCount})";
    }

    /// <summary>True when a message from <paramref name="from"/> to <paramref name="to"/> crosses this partition at <paramref name="timeUs"/>.</summary>
    public bool Blocks(long timeUs, int from, int to)
    {
        if (timeUs < StartMs * 1000 || timeUs >= EndMs * 1000) return false;
        bool fromInside = Side.Contains(from), toInside = Side.Contains(to);
        if (fromInside == toInside) return false;
        return !OneWay || fromInside;
    }
}
