using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Node;

// Transaction sets named in proposals: fetched from the proposer (member ids first, then only the members this node
// lacks), checked against their hash, served to peers.
public sealed partial class ConsensusNode
{
    private sealed class Fetch(uint sequence, long askedMs, int firstPeer)
    {
        public uint Sequence { get; } = sequence;
        public long AskedMs { get; set; } = askedMs;
        public int Attempts { get; set; }
        public int FirstPeer { get; } = firstPeer;

        // Set fetches only, once the member ids arrived: the members found so far (in id order, null where not yet)
        // and how many are not.
        public Hash256[]? Ids { get; set; }
        public Transaction[] Members { get; set; } = [];
        public int Missing { get; set; }
    }

    /// <summary>At most this many fetches of each kind are outstanding; more are ignored until some complete.</summary>
    private const int MaxOutstandingFetches = 256;

    private readonly Dictionary<Hash256, TxSet> _txSets = [];
    private readonly SortedDictionary<Hash256, Fetch> _setFetches = [];

    private void FetchSet(Hash256 setHash, int proposerIndex)
    {
        if (_txSets.ContainsKey(setHash) || _setFetches.ContainsKey(setHash) || _setFetches.Count >= MaxOutstandingFetches) return;
        _setFetches[setHash] = new Fetch(0, _nowMs, proposerIndex);
        Send(NodeIdOf(proposerIndex), new TxSetRequestMessage(setHash));
    }

    private void OnTxSetRequest(Hash256 from, TxSetRequestMessage request)
    {
        if (!_txSets.TryGetValue(request.SetHash, out var set)) { Counters.Drop(DropReason.NotAvailable); return; }
        Send(from, request.AnswerFrom(set));
    }

    /// <summary>A set's member ids: checked against its hash, then the members this node holds are taken from its pool
    /// and the round's other sets, and only the rest are asked for.</summary>
    private void OnTxSetIds(Hash256 from, TxSetResponseMessage response)
    {
        if (!_setFetches.TryGetValue(response.SetHash, out var fetch))
        {
            Counters.Drop(_txSets.ContainsKey(response.SetHash) ? DropReason.Duplicate : DropReason.Unsolicited);
            return;
        }
        if (fetch.Ids is not null) { Counters.Drop(DropReason.Duplicate); return; }
        var ids = response.Ids as Hash256[] ?? [.. response.Ids];
        if (ids.Length > _params.MaxTransactionsPerSet || TxSet.HashOf(ids) != response.SetHash) { Counters.Drop(DropReason.BadContent); return; }
        fetch.Ids = ids;
        fetch.Members = new Transaction[ids.Length];
        fetch.Missing = ids.Length;
        if (FillFromHeld(response.SetHash, fetch)) return;
        fetch.AskedMs = _nowMs;
        Send(from, new TxSetRequestMessage(response.SetHash, MissingIds(fetch)));
    }

    /// <summary>Members of a set being fetched: each must be one the ids named.</summary>
    private void OnTxSetTransactions(TxSetTransactionsMessage response)
    {
        if (!_setFetches.TryGetValue(response.SetHash, out var fetch) || fetch.Ids is null)
        {
            Counters.Drop(_txSets.ContainsKey(response.SetHash) ? DropReason.Duplicate : DropReason.Unsolicited);
            return;
        }
        foreach (var tx in response.Transactions)
            if (Array.BinarySearch(fetch.Ids, tx.Id) < 0) { Counters.Drop(DropReason.BadContent); return; }
        foreach (var tx in response.Transactions)
        {
            int i = Array.BinarySearch(fetch.Ids, tx.Id);
            if (fetch.Members[i] is not null) continue;
            fetch.Members[i] = tx;
            fetch.Missing--;
            Counters.SetMembersFetched++;
        }
        if (fetch.Missing == 0) CompleteSet(response.SetHash, fetch);
    }

    /// <summary>Fills the members still missing from the pool and the sets held; completes the set and returns true
    /// when none is left.</summary>
    private bool FillFromHeld(Hash256 setHash, Fetch fetch)
    {
        var ids = fetch.Ids!;
        for (int i = 0; i < ids.Length && fetch.Missing > 0; i++)
        {
            if (fetch.Members[i] is not null) continue;
            var tx = _pending.TryGetValue(ids[i], out var pending) ? pending.Tx : null;
            if (tx is null)
                foreach (var held in _txSets.Values)
                    if ((tx = held.Find(ids[i])) is not null) break;
            if (tx is null) continue;
            fetch.Members[i] = tx;
            fetch.Missing--;
        }
        if (fetch.Missing > 0) return false;
        CompleteSet(setHash, fetch);
        return true;
    }

    private static Hash256[] MissingIds(Fetch fetch)
    {
        var missing = new Hash256[fetch.Missing];
        int k = 0;
        for (int i = 0; i < fetch.Members.Length; i++)
            if (fetch.Members[i] is null) missing[k++] = fetch.Ids![i];
        return missing;
    }

    private void CompleteSet(Hash256 setHash, Fetch fetch)
    {
        _setFetches.Remove(setHash);
        Counters.SetsFetched++;
        var set = new TxSet(fetch.Ids!, fetch.Members, setHash);
        _txSets[setHash] = set;
        foreach (var tx in set.Transactions) AdoptFromSet(tx);
        if (_phase == RoundPhase.Establish)
        {
            AddDisputes(set);
            CheckConsensus();
        }
    }

    /// <summary>Keeps only the sets the current round refers to: ours and those in peers' positions.</summary>
    private void PruneTxSets()
    {
        var keep = new HashSet<Hash256>(); // membership only
        if (_ourSet is not null) keep.Add(_ourSet.Hash);
        foreach (var p in _positions)
            if (p is { } position && IsOnRound(position.Message)) keep.Add(position.Message.TxSetHash);
        var drop = _txSets.Keys.Where(h => !keep.Contains(h)).ToList();
        foreach (var h in drop) _txSets.Remove(h);
        var dropFetches = _setFetches.Keys.Where(h => !keep.Contains(h)).ToList();
        foreach (var h in dropFetches) _setFetches.Remove(h);
    }

    /// <summary>Re-asks for sets and ledgers whose request timed out, from the next candidate peer.</summary>
    private void RetryFetches()
    {
        List<(Hash256, Fetch)>? due = null;
        foreach (var (hash, fetch) in _setFetches)
            if (_nowMs - fetch.AskedMs >= _params.FetchTimeoutMs) (due ??= []).Add((hash, fetch));
        foreach (var (hash, fetch) in due ?? [])
        {
            // Members still missing may have arrived by relay since they were asked for.
            if (fetch.Ids is not null && FillFromHeld(hash, fetch)) continue;
            fetch.Attempts++;
            fetch.AskedMs = _nowMs;
            // Prefer validators proposing the set (they have it); rotate through them, then through everyone.
            var holders = new List<int>();
            for (int i = 0; i < _positions.Length; i++)
                if (_positions[i] is { } p && p.Message.TxSetHash == hash) holders.Add(i);
            int peer = holders.Count > 0 ? holders[fetch.Attempts % holders.Count] : fetch.FirstPeer;
            Send(NodeIdOf(peer), fetch.Ids is null ? new TxSetRequestMessage(hash) : new TxSetRequestMessage(hash, MissingIds(fetch)));
        }
        foreach (var (hash, fetch) in _ledgerFetches)
        {
            if (_nowMs - fetch.AskedMs < _params.FetchTimeoutMs) continue;
            fetch.Attempts++;
            fetch.AskedMs = _nowMs;
            AskForLedger(fetch.Sequence, hash, fetch.Attempts);
        }
    }
}
