namespace HealthLedger.Bench.Commands;

/// <summary>What <c>healthledger cluster</c> runs.</summary>
public sealed record ClusterOptions
{
    public int Nodes { get; init; } = 4;
    public double DurationSec { get; init; } = 30;
    public double DrainSec { get; init; } = 10;
    public double RatePerSec { get; init; } = 50;
    public bool ChaosKill { get; init; }

    /// <summary>Partition chaos (with <see cref="NetworkNamespaces"/>): a random minority's links are cut at intervals
    /// and healed after <see cref="ChaosDownSec"/>, the nodes running on; written to partitions.csv.</summary>
    public bool ChaosPartition { get; init; }
    public double ChaosIntervalSec { get; init; } = 8;
    public double ChaosDownSec { get; init; } = 2;

    /// <summary>When above 0: exactly this many kill-and-restart cycles, one after another (each waits
    /// <see cref="ChaosIntervalSec"/>, kills a random minority, restarts it after <see cref="ChaosDownSec"/> and waits for
    /// it to catch up), with the load running until the last cycle ends; each restart is checked for lost ledgers and
    /// written to restarts.csv. <see cref="DurationSec"/> is then ignored.</summary>
    public int KillCycles { get; init; }
    public string OutDir { get; init; } = "results/cluster";

    /// <summary>Each node in a network namespace of its own, joined by veth pairs and a bridge
    /// (<see cref="NetworkNamespaces"/>): separate hosts on one LAN as far as the network can tell, instead of ports
    /// of 127.0.0.1. Needs root and iproute2.</summary>
    public bool NetworkNamespaces { get; init; }
    public string? WorkDir { get; init; }
    public ulong Seed { get; init; } = 1;
    public long CloseIntervalMs { get; init; } = 1_000;
    public int MaxTransactionsPerLedger { get; init; } = new Engine.Net.ConsensusFileSpec().MaxTransactionsPerLedger;

    /// <summary>Admission control: each node's <see cref="Engine.Net.ConsensusFileSpec.SubmissionQueueLimit"/>, and the
    /// simulator's. Null: the node file's default for <see cref="MaxTransactionsPerLedger"/>; 0: none below the pool's
    /// size.</summary>
    public int? SubmissionQueueLimit { get; init; }

    /// <summary><see cref="SubmissionQueueLimit"/> as the node files and the scenario get it.</summary>
    public int SubmissionLimit => SubmissionQueueLimit switch
    {
        null => Engine.Net.ConsensusFileSpec.DefaultSubmissionQueueLimit(MaxTransactionsPerLedger),
        0 => Engine.Net.ConsensusFileSpec.MaxSubmissionQueueLimit,
        int limit => limit,
    };

    /// <summary>Admission control in time: each node's <see cref="Engine.Net.ConsensusFileSpec.SubmissionQueueMs"/>, and the
    /// simulator's. Null: the default, three close intervals (left out of the files); 0: the count limit alone.</summary>
    public long? SubmissionQueueMs { get; init; }

    /// <summary>Each node's <see cref="Engine.Net.NodeFile.SnapshotMinTransactions"/> (0: no state snapshots).</summary>
    public int SnapshotMinTransactions { get; init; } = new Engine.Net.NodeFile().SnapshotMinTransactions;

    /// <summary>Each node's <see cref="Engine.Net.NodeFile.DeadLinkMs"/>: how long a connection may go unanswered before
    /// it is given up (0: the kernel's own timeouts).</summary>
    public int DeadLinkMs { get; init; } = new Engine.Net.NodeFile().DeadLinkMs;

    /// <summary>Each node's <see cref="Engine.Net.NodeFile.SnapshotDeltaFraction"/>.</summary>
    public double SnapshotDeltaFraction { get; init; } = new Engine.Net.NodeFile().SnapshotDeltaFraction;

    /// <summary>Seconds at the start of the load left out of a sweep's window: the first half offered at
    /// <see cref="WarmupRateShare"/> of the rate, since freshly started node processes run their first seconds in the
    /// JIT's unoptimized tiers (rounds took 4-5 s instead of 1.3 s at 3,300 tx/s) and a full-rate backlog built then was
    /// still draining in the measured window; the second half at the full rate, so that the step up settles before the
    /// window opens.</summary>
    public double WarmupSec { get; init; }

    /// <summary>How long the load generator gathers transactions that came due before it sends them: every
    /// <see cref="SendBatchMs"/> it queues what is due, so each connection writes it in one or a few sends. Latency still runs from each
    /// transaction's planned time, so the wait counts against the cluster. 1: each is sent in the millisecond it is due,
    /// one write (and one wake-up of the node's reader) per transaction at moderate rates: at 3,000 tx/s, four nodes,
    /// alternating pairs, 10 ms took the load generator from 79-85 to 63-68 us per transaction and the nodes from a
    /// median of 124 to 115 us per transaction and node, and lowered p99 in every pair (docs/network.md).</summary>
    public int SendBatchMs { get; init; } = 10;

    /// <summary>The share of the rate offered during the warm-up.</summary>
    public const double WarmupRateShare = 0.25;
    public double ReadyTimeoutSec { get; init; } = 60;

    /// <summary>Kills at fixed times instead of random chaos: (node, at s, down s). Used by tests.</summary>
    public IReadOnlyList<(int Node, double AtSec, double DownSec)> ScheduledKills { get; init; } = [];

    /// <summary>Validators per group: the three groups as even as the count allows, generators taking the rest.</summary>
    public static (int G, int R, int M) Split(int n) => (n - 2 * (n / 3), n / 3, n / 3);
}
