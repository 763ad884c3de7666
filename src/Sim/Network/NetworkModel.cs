using HealthLedger.Sim.Core;

namespace HealthLedger.Sim.Network;

/// <summary>
/// Decides when (and whether) each message arrives: per-link latency from the scenario's distributions, per-node
/// uplink serialization, loss, duplication, reordering past the link's FIFO order, and partitions. Deterministic for a
/// given random stream and call order.
/// </summary>
public sealed class NetworkModel
{
    private readonly NetworkSpec _spec;
    private readonly SimRandom _rng;
    private readonly long[] _uplinkFreeUs;
    private readonly long[,] _lastDeliveryUs;
    private readonly LatencySpec?[,] _linkLatency;

    /// <summary>Messages dropped by loss.</summary>
    public long Lost { get; private set; }

    /// <summary>Messages dropped by a partition.</summary>
    public long Partitioned { get; private set; }

    /// <summary>Extra copies delivered.</summary>
    public long Duplicated { get; private set; }

    /// <summary>A model for <paramref name="nodeCount"/> nodes.</summary>
    public NetworkModel(NetworkSpec spec, int nodeCount, SimRandom rng)
    {
        _spec = spec;
        _rng = rng;
        _uplinkFreeUs = new long[nodeCount];
        _lastDeliveryUs = new long[nodeCount, nodeCount];
        _linkLatency = new LatencySpec?[nodeCount, nodeCount];
        foreach (var link in spec.Links) _linkLatency[link.From, link.To] = link.Latency;
    }

    /// <summary>The clock skew of a node, in microseconds.</summary>
    public long SkewUs(int node) => node < _spec.ClockSkewMs.Count ? (long)Math.Round(_spec.ClockSkewMs[node] * 1000) : 0;

    /// <summary>True when a partition blocks from → to at the given time.</summary>
    public bool IsBlocked(long timeUs, int from, int to)
    {
        var partitions = _spec.Partitions;
        for (int i = 0; i < partitions.Count; i++)
            if (partitions[i].Blocks(timeUs, from, to)) return true;
        for (int i = 0; i < _cuts.Count; i++)
            if (_cuts[i].Blocks(timeUs, from, to)) return true;
        return false;
    }

    // Partitions a controlling host makes while the run goes (Simulation.PartitionNow), beside the scheduled ones.
    private readonly List<PartitionSpec> _cuts = [];

    /// <summary>Cuts <paramref name="side"/> off from the other nodes from <paramref name="nowUs"/> until <see cref="HealCuts"/>.</summary>
    public void Cut(IReadOnlyList<int> side, long nowUs) =>
        _cuts.Add(new PartitionSpec { StartMs = nowUs / 1000.0, EndMs = double.PositiveInfinity, Side = [.. side] });

    /// <summary>Ends every open cut at <paramref name="nowUs"/> (a message sent before and arriving after still
    /// crossed the cut when it was sent, and stays lost).</summary>
    public void HealCuts(long nowUs)
    {
        for (int i = 0; i < _cuts.Count; i++)
            if (double.IsPositiveInfinity(_cuts[i].EndMs)) _cuts[i] = _cuts[i] with { EndMs = Math.Max(_cuts[i].StartMs, nowUs / 1000.0) };
    }

    /// <summary>Plans the delivery of one message of <paramref name="sizeBytes"/> sent at <paramref name="nowUs"/>:
    /// adds zero (lost), one, or two (duplicated) arrival times to <paramref name="arrivalsUs"/>.</summary>
    public void Plan(long nowUs, int from, int to, int sizeBytes, List<long> arrivalsUs)
    {
        // Serialization on the sender's uplink: a broadcast to many peers queues behind itself.
        long departUs = nowUs;
        if (_spec.BandwidthBytesPerSec > 0)
        {
            long start = Math.Max(nowUs, _uplinkFreeUs[from]);
            departUs = start + (long)Math.Ceiling(sizeBytes * 1_000_000.0 / _spec.BandwidthBytesPerSec);
            _uplinkFreeUs[from] = departUs;
        }
        if (IsBlocked(nowUs, from, to))
        {
            Partitioned++;
            return;
        }
        if (_rng.Chance(_spec.LossRate))
        {
            Lost++;
            return;
        }
        int copies = _rng.Chance(_spec.DuplicateRate) ? 2 : 1;
        if (copies == 2) Duplicated++;
        for (int c = 0; c < copies; c++)
        {
            long arrival = departUs + (_linkLatency[from, to] ?? _spec.Latency).SampleUs(_rng);
            if (_rng.Chance(_spec.ReorderRate))
                arrival += (long)(_spec.ReorderExtraMs * 1000 * _rng.NextDouble());
            else
                arrival = Math.Max(arrival, _lastDeliveryUs[from, to]); // FIFO, like a TCP stream
            _lastDeliveryUs[from, to] = Math.Max(_lastDeliveryUs[from, to], arrival);
            if (IsBlocked(arrival, from, to))
            {
                Partitioned++;
                continue;
            }
            arrivalsUs.Add(arrival);
        }
    }
}
