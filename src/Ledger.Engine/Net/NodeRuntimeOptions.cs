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

    /// <summary>Where the node writes its state snapshot (beside its block log); null for none. A snapshot is written,
    /// off the node loop, after a validated ledger once the transactions since the last one reach both
    /// <see cref="SnapshotMinTransactions"/> and <see cref="SnapshotStateFraction"/> times the state's entries. With the
    /// default fraction a restart replays at most about as many transactions as the state has entries, whatever the
    /// length of the chain, and writing costs about one entry's encoding per transaction (docs/network.md, "Restart").</summary>
    public string? SnapshotPath { get; init; }

    /// <summary>Fewest transactions between two snapshots.</summary>
    public int SnapshotMinTransactions { get; init; } = 10_000;

    /// <summary>Fewest transactions between two snapshots, as a share of the state's entries (accounts, record versions,
    /// notarizations): smaller shortens restarts, larger spends less on writing.</summary>
    public double SnapshotStateFraction { get; init; } = 1.0;
}
