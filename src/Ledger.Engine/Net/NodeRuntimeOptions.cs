using System.Net;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Net;

/// <summary>A validator this node connects to.</summary>
/// <param name="Key">Its registered public key (its node id is the key's id).</param>
/// <param name="EndPoint">Where it listens.</param>
public sealed record PeerAddress(PublicKey Key, IPEndPoint EndPoint);

/// <summary>How a <see cref="NodeRuntime"/> talks to the world. Every queue and wait is bounded here.</summary>
public sealed record NodeRuntimeOptions
{
    /// <summary>Where the node listens for peers and clients (port 0: any free port, see <see cref="NodeRuntime.ListenEndPoint"/>).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>The other validators, with addresses.</summary>
    public required IReadOnlyList<PeerAddress> Peers { get; init; }

    /// <summary>The validator key the node proves in handshakes (the same key its core signs with).</summary>
    public required SigningKey Key { get; init; }

    /// <summary>Bounds of a validator connection.</summary>
    public ConnectionLimits PeerLimits { get; init; } = ConnectionLimits.Peer;

    /// <summary>Bounds of a client connection.</summary>
    public ConnectionLimits ClientLimits { get; init; } = ConnectionLimits.Client;

    /// <summary>Inputs waiting for the node loop; connections wait (and stop reading their sockets) when it is full,
    /// so TCP flow control pushes back on senders.</summary>
    public int InputQueueCapacity { get; init; } = 8_192;

    /// <summary>Threads that check the signatures of submitted and relayed transactions before those reach the node
    /// loop. The connections only decode, so a peer's proposal or validation is never stuck behind the checks of the
    /// transactions it relayed just before, and the loop takes consensus inputs (proposals, validations, transaction
    /// sets, ledgers, timers) ahead of transactions. 0: each connection checks what it receives on its own reading thread
    /// and every input shares one queue in arrival order (the behaviour before session 28).</summary>
    public int SignatureCheckThreads { get; init; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>The Linux nice value of the <see cref="SignatureCheckThreads"/> (0 leaves them as they are; up to 19):
    /// when every core is busy the kernel then runs the node loops, consensus, first, and the checks with what is left,
    /// so rounds keep their pace under a flood of transactions and the transactions wait instead. Lowering a thread's
    /// priority needs no privileges.</summary>
    public int SignatureCheckNice { get; init; } = 10;

    /// <summary>Batches of transactions waiting for the signature checks; connections wait (and stop reading their
    /// sockets) when it is full.</summary>
    public int SignatureCheckQueueCapacity { get; init; } = 4_096;

    /// <summary>A handshake not done in this time is refused.</summary>
    public int HandshakeTimeoutMs { get; init; } = 5_000;

    /// <summary>First reconnect delay; doubles per failed attempt.</summary>
    public int ReconnectMinMs { get; init; } = 100;

    /// <summary>Largest reconnect delay.</summary>
    public int ReconnectMaxMs { get; init; } = 5_000;

    /// <summary>Most submissions waiting for an outcome across all clients.</summary>
    public int MaxWaitingSubmissions { get; init; } = 200_000;

    /// <summary>Most clients connected at once.</summary>
    public int MaxClients { get; init; } = 256;

    /// <summary>Where the node writes its full state snapshot (beside its block log); null for none. Its deltas go to
    /// the same path with <c>.deltas</c> appended. After a validated ledger, once <see cref="SnapshotMinTransactions"/>
    /// transactions went by since the last write, the node writes, off its loop, the entries changed since then as a
    /// delta record, or the whole state as a new full snapshot when the deltas since the last one would hold more
    /// entries than <see cref="SnapshotDeltaFraction"/> of it. A restart reads the full snapshot and its deltas and
    /// replays at most about <see cref="SnapshotMinTransactions"/> transactions of the block log, whatever the length
    /// of the chain (docs/network.md, "Restart and state snapshots").</summary>
    public string? SnapshotPath { get; init; }

    /// <summary>Fewest transactions between two snapshot writes (full or delta): what a restart replays at most.</summary>
    public int SnapshotMinTransactions { get; init; } = 10_000;

    /// <summary>A full snapshot is written instead of a delta once the deltas since the last full one would hold more
    /// entries than this share of its entries: larger writes the whole state less often, smaller reads fewer deltas
    /// at a restart; 0 writes every snapshot in full.</summary>
    public double SnapshotDeltaFraction { get; init; } = 1.0;
}
