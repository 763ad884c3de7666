namespace HealthLedger.Engine.Node;

/// <summary>Why the node ignored a peer message. Each drop is counted in <see cref="NodeCounters"/>; none crashes the node.</summary>
public enum DropReason
{
    /// <summary>The bytes did not decode.</summary>
    Malformed,

    /// <summary>Signed by a key that is not in the validator set.</summary>
    UnknownValidator,

    /// <summary>The signature does not verify.</summary>
    BadSignature,

    /// <summary>For a ledger or round the node has already moved past, or an older position than one already held.</summary>
    Stale,

    /// <summary>Already received.</summary>
    Duplicate,

    /// <summary>A second, different validation from one validator at one sequence (equivocation); the first is kept.</summary>
    Conflicting,

    /// <summary>A response nobody asked for.</summary>
    Unsolicited,

    /// <summary>A transaction set or ledger whose contents do not reproduce the hash it was requested by.</summary>
    BadContent,

    /// <summary>Too far ahead of the node's ledger to hold.</summary>
    TooFarAhead,

    /// <summary>The node's own message echoed back.</summary>
    FromSelf,

    /// <summary>A request for something the node does not have.</summary>
    NotAvailable,

    /// <summary>A relayed transaction arrived while the pending queue was full.</summary>
    PoolFull,
}

/// <summary>Counts of what the node dropped and did, for metrics and tests.</summary>
public sealed class NodeCounters
{
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];

    /// <summary>Messages dropped for <paramref name="reason"/>.</summary>
    public long Dropped(DropReason reason) => _drops[(int)reason];

    /// <summary>All dropped messages.</summary>
    public long DroppedTotal => _drops.Sum();

    /// <summary>Clients' submissions refused as <see cref="Ledger.TxResult.NodeBusy"/> (admission control,
    /// <see cref="Consensus.ConsensusParameters.SubmissionQueueLimit"/>).</summary>
    public long BusyRefusals { get; internal set; }

    /// <summary>Rounds whose establish phase was abandoned without agreement.</summary>
    public long AbandonedRounds { get; internal set; }

    /// <summary>Times the node switched to another ledger than the one it built (wrong ledger, catch-up).</summary>
    public long LedgerSwitches { get; internal set; }

    /// <summary>Times a quorum validated a ledger that forks from this node's validated history: the policy's fault
    /// tolerance was exceeded. The node keeps its history and stops following that branch.</summary>
    public long ForksDetected { get; internal set; }

    /// <summary>Ledgers fetched from peers and verified by replay.</summary>
    public long LedgersFetched { get; internal set; }

    /// <summary>Peers' transaction sets assembled (from their member ids, what this node held and what it asked for).</summary>
    public long SetsFetched { get; internal set; }

    /// <summary>Members of those sets this node lacked and received from a peer (the rest came from its pool or the
    /// round's other sets).</summary>
    public long SetMembersFetched { get; internal set; }

    internal void Drop(DropReason reason) => _drops[(int)reason]++;

    /// <summary>Non-zero drop counts, "reason=count" separated by spaces.</summary>
    public override string ToString() =>
        string.Join(' ', Enum.GetValues<DropReason>().Where(r => _drops[(int)r] > 0).Select(r => $"{r}={_drops[(int)r]}"));
}
