using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Node;

// Transaction sets named in proposals: fetched from the proposer, checked against their hash, served to peers.
public sealed partial class ConsensusNode
{
    private sealed class Fetch(uint sequence, long askedMs, int firstPeer)
    {
        public uint Sequence { get; } = sequence;
        public long AskedMs { get; set; } = askedMs;
        public int Attempts { get; set; }
        public int FirstPeer { get; } = firstPeer;
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
        Send(from, new TxSetResponseMessage(set.Hash, set.Transactions));
    }

    private void OnTxSetResponse(TxSetResponseMessage response)
    {
        if (!_setFetches.ContainsKey(response.SetHash))
        {
            Counters.Drop(_txSets.ContainsKey(response.SetHash) ? DropReason.Duplicate : DropReason.Unsolicited);
            return;
        }
        if (response.Transactions.Count > _params.MaxTransactionsPerLedger) { Counters.Drop(DropReason.BadContent); return; }
        var set = new TxSet(response.Transactions);
        if (set.Hash != response.SetHash || set.Count != response.Transactions.Count) { Counters.Drop(DropReason.BadContent); return; }
        _setFetches.Remove(set.Hash);
        _txSets[set.Hash] = set;
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
        foreach (var (hash, fetch) in _setFetches)
        {
            if (_nowMs - fetch.AskedMs < _params.FetchTimeoutMs) continue;
            fetch.Attempts++;
            fetch.AskedMs = _nowMs;
            // Prefer validators proposing the set (they have it); rotate through them, then through everyone.
            var holders = new List<int>();
            for (int i = 0; i < _positions.Length; i++)
                if (_positions[i] is { } p && p.Message.TxSetHash == hash) holders.Add(i);
            int peer = holders.Count > 0 ? holders[fetch.Attempts % holders.Count] : fetch.FirstPeer;
            Send(NodeIdOf(peer), new TxSetRequestMessage(hash));
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
