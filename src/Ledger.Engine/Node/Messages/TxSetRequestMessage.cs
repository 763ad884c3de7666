using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Node.Messages;

// Fetching a transaction set a peer proposed, in two steps: first its member ids, from which the asker assembles what it
// already holds (its pool, the other sets of the round), then the bodies of only the members it lacks. A set is mostly
// transactions every node already received by relay, so sending them again (a full ledger's worth per proposal change,
// to every peer) would multiply what the network and the decoders carry for nothing: rippled acquires a set's SHAMap
// nodes it lacks for the same reason.

/// <summary>Asks a peer about the transaction set with hash <see cref="SetHash"/> (seen in its proposal): for its member
/// ids when <see cref="Wanted"/> is empty, else for the bodies of the members listed there.</summary>
/// <param name="SetHash">The set's hash.</param>
/// <param name="Wanted">Ids of members whose transactions the asker lacks, strictly ascending; empty to ask for the ids.</param>
public sealed record TxSetRequestMessage(Hash256 SetHash, IReadOnlyList<Hash256> Wanted) : ConsensusMessage
{
    /// <summary>Asks for the member ids of the set <paramref name="setHash"/>.</summary>
    public TxSetRequestMessage(Hash256 setHash) : this(setHash, []) { }

    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.TxSetRequest;

    private protected override void WriteBody(CanonicalWriter w)
    {
        w.Hash(SetHash);
        IdList.Write(w, Wanted);
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        if (!r.Hash("txSetRequest.setHash", out var h) || !IdList.TryRead(ref r, "txSetRequest.wanted", out var wanted)) return false;
        message = new TxSetRequestMessage(h, wanted);
        return true;
    }

    /// <summary>What a holder of <paramref name="set"/> answers to this request: the ids, or the wanted members it has
    /// (ids it does not hold are skipped: the asker's own check reports them).</summary>
    public ConsensusMessage AnswerFrom(TxSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (Wanted.Count == 0) return new TxSetResponseMessage(set.Hash, set.Ids.ToArray());
        var bodies = new List<Ledger.Transaction>(Wanted.Count);
        foreach (var id in Wanted)
            if (set.Find(id) is { } tx) bodies.Add(tx);
        return new TxSetTransactionsMessage(set.Hash, bodies);
    }
}

/// <summary>The member ids of a transaction set, answering a <see cref="TxSetRequestMessage"/> without wanted ids. The
/// receiver recomputes the set's hash from them.</summary>
/// <param name="SetHash">The set's hash.</param>
/// <param name="Ids">The members' ids, strictly ascending.</param>
public sealed record TxSetResponseMessage(Hash256 SetHash, IReadOnlyList<Hash256> Ids) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.TxSetResponse;

    private protected override void WriteBody(CanonicalWriter w)
    {
        w.Hash(SetHash);
        IdList.Write(w, Ids);
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        if (!r.Hash("txSetResponse.setHash", out var h) || !IdList.TryRead(ref r, "txSetResponse.ids", out var ids)) return false;
        message = new TxSetResponseMessage(h, ids);
        return true;
    }
}

/// <summary>Members of a transaction set, answering a <see cref="TxSetRequestMessage"/> that named them.</summary>
/// <param name="SetHash">The set's hash.</param>
/// <param name="Transactions">The transactions asked for that the sender holds.</param>
public sealed record TxSetTransactionsMessage(Hash256 SetHash, IReadOnlyList<Ledger.Transaction> Transactions) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.TxSetTransactions;

    private protected override void WriteBody(CanonicalWriter w)
    {
        w.Hash(SetHash);
        TxList.WriteMany(w, Transactions);
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        if (!r.Hash("txSetTransactions.setHash", out var h) || !TxList.TryReadMany(ref r, "txSetTransactions.transactions", out var txs)) return false;
        message = new TxSetTransactionsMessage(h, txs);
        return true;
    }
}

/// <summary>A list of transaction ids on the wire: a count, then the ids, strictly ascending (one encoding per list).</summary>
internal static class IdList
{
    public static void Write(CanonicalWriter w, IReadOnlyList<Hash256> ids)
    {
        w.U32((uint)ids.Count);
        foreach (var id in ids) w.Hash(id);
    }

    public static bool TryRead(ref CanonicalReader r, string field, out Hash256[] ids)
    {
        ids = [];
        if (!r.Count32(field + ".count", ConsensusMessage.MaxTransactionsOnWire, out int count)) return false;
        var list = new Hash256[count];
        for (int i = 0; i < count; i++)
        {
            if (!r.Hash(field, out list[i])) return false;
            if (i > 0 && list[i].CompareTo(list[i - 1]) <= 0)
                return r.Fail(DecodeErrorKind.InvalidValue, $"{field}[{i}]: ids must be strictly ascending.");
        }
        ids = list;
        return true;
    }
}
