using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Node;

// The pending pool: transactions stay here until a validated ledger applies them or they are rejected for good.
// A hash table (an id's hash code is a word of the digest, never a process-seeded hash); nothing taken from it depends
// on its order: the proposed set is ranked by a total order, and expiries are reported in id order.
public sealed partial class ConsensusNode
{
    private readonly Dictionary<Hash256, Transaction> _pending = [];
    private readonly Dictionary<Hash256, int> _retries = [];

    // Transactions this node rejected, remembered (up to a bound, oldest forgotten first) so that a copy in a peer's
    // proposed set does not bring them back and start their retries over. A client's explicit resubmission (submit or
    // relay) clears the memory: a sequence gap may have been filled since.
    private const int RejectedRemembered = 4_096;
    private readonly HashSet<Hash256> _rejected = []; // membership only
    // Scratch space for CandidateTransactions and PrunePending (never both at once), kept between rounds.
    private readonly HashSet<Hash256> _inFlightScratch = [];
    private readonly SenderSequences _senders = new();
    private Transaction[] _candidateTxs = [];
    private CandidateKey[] _candidateKeys = [];
    private readonly Queue<Hash256> _rejectedOrder = new();

    /// <summary>Input: a client submits <paramref name="transaction"/> to this node. It is relayed to every peer and
    /// proposed in the next round; a transaction that can never apply is answered with a
    /// <see cref="TransactionRejectedEffect"/>. Re-submitting a pending transaction does nothing.</summary>
    public void Submit(long nowMs, Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Enter(nowMs);
        if (!_pending.ContainsKey(transaction.Id))
        {
            var early = EarlyRejection(transaction);
            if (early is { } reason)
                _effects.Add(new TransactionRejectedEffect(transaction.Id, reason.Result, reason.Text));
            else if (_pending.Count >= _params.MaxPendingTransactions)
                _effects.Add(new TransactionRejectedEffect(transaction.Id, null, $"the node's pending queue is full ({_params.MaxPendingTransactions} transactions); retry later"));
            else
            {
                _pending.Add(transaction.Id, transaction);
                _rejected.Remove(transaction.Id);
                Broadcast(new TransactionMessage(transaction));
            }
        }
        Leave();
    }

    private void OnRelayedTransaction(Transaction transaction)
    {
        if (_pending.ContainsKey(transaction.Id)) { Counters.Drop(DropReason.Duplicate); return; }
        if (EarlyRejection(transaction) is { } reason)
        {
            Counters.Drop(reason.Result == TxResult.BadSignature ? DropReason.BadSignature : DropReason.Stale);
            return;
        }
        if (_pending.Count >= _params.MaxPendingTransactions) { Counters.Drop(DropReason.PoolFull); return; }
        _pending.Add(transaction.Id, transaction);
        _rejected.Remove(transaction.Id); // a client submitted it again: give it a fresh chance everywhere
        // Not relayed again: broadcasts reach every peer, and proposals carry what a peer missed.
    }

    /// <summary>Takes a transaction learnt from a peer's proposed set into the pool (as rippled does with disputed
    /// transactions): if it misses this round it is proposed by everyone in the next, rather than staying only with
    /// the few nodes a lost relay reached.</summary>
    private void AdoptFromSet(Transaction transaction)
    {
        if (_pending.ContainsKey(transaction.Id) || _pending.Count >= _params.MaxPendingTransactions) return;
        if (_rejected.Contains(transaction.Id) || EarlyRejection(transaction) is not null) return;
        _pending.Add(transaction.Id, transaction);
    }

    /// <summary>Rejections decidable on receipt against the validated state: a bad signature, a sequence number
    /// already used, an expired last valid ledger.</summary>
    private (TxResult Result, string Text)? EarlyRejection(Transaction tx)
    {
        if (tx.LastValidLedger != 0 && _validated.Sequence + 1 > tx.LastValidLedger)
            return (TxResult.Expired, $"its last valid ledger {tx.LastValidLedger} is already validated");
        if (_validated.State.GetAccount(tx.Sender) is { } account && tx.Sequence < account.NextSequence)
            return (TxResult.Replayed, $"sequence {tx.Sequence} of its sender is already used");
        if (!_config.TransactionVerifier.Verify(tx))
            return (TxResult.BadSignature, "its signature does not verify");
        return null;
    }

    /// <summary>Pending transactions not already in a ledger between the validated one and the one the round builds
    /// on, up to the per-ledger limit, in rank order (see <see cref="CandidateKey"/>).</summary>
    private List<Transaction> CandidateTransactions()
    {
        var inFlight = _inFlightScratch; // membership only; never iterated
        inFlight.Clear();
        var ledger = _lcl;
        while (ledger.Sequence > _validated.Sequence && _ledgers.TryGetValue(ledger.Header.ParentHash, out var parent))
        {
            foreach (var tx in ledger.Transactions) inFlight.Add(tx.Id);
            ledger = parent;
        }
        // Propose first what can apply next: each sender's transactions ranked by how far their sequence is ahead of the
        // validated one, so a client's chain of sequence numbers fills ledgers in order instead of being sampled at random
        // (a ledger of random picks applies little of a long chain, and the rest exhausts its retries). Ties go by sender,
        // then id. The sort moves 24-byte keys (gap, the sender's rank among the pool's senders, the id's first word,
        // the transaction's slot) and looks at a whole id only when two first words tie.
        if (_candidateTxs.Length < _pending.Count)
        {
            _candidateTxs = new Transaction[Math.Max(_pending.Count, _candidateTxs.Length * 2)];
            _candidateKeys = new CandidateKey[_candidateTxs.Length];
        }
        var txs = _candidateTxs;
        var keys = _candidateKeys;
        int count = 0;
        var senders = _senders.Start(_validated.State);
        foreach (var (id, tx) in _pending)
        {
            if (inFlight.Contains(id)) continue;
            var (next, slot) = senders.NextAndSlot(tx.Sender);
            txs[count] = tx;
            keys[count] = new CandidateKey(tx.Sequence >= next ? tx.Sequence - next : 0, slot, id.FirstWord, count);
            count++;
        }
        var rank = senders.RanksBySender();
        for (int i = 0; i < count; i++) keys[i] = keys[i].WithSenderRank(rank[keys[i].Sender]);
        Array.Sort(keys, 0, count); // a struct key: no delegate or interface call per comparison
        // Keys equal but for the slot are two ids sharing their first word (rare, but an adversary can grind for it):
        // put each such run in whole-id order, so the order never depends on the pool's.
        for (int i = 1; i < count; i++)
        {
            if (!keys[i].TiesWith(keys[i - 1])) continue;
            int start = i - 1;
            while (i + 1 < count && keys[i + 1].TiesWith(keys[start])) i++;
            Array.Sort(keys, start, i - start + 1, Comparer<CandidateKey>.Create((x, y) => txs[x.Slot].Id.CompareTo(txs[y.Slot].Id)));
        }
        int take = Math.Min(count, _params.MaxTransactionsPerLedger);
        var list = new List<Transaction>(take);
        for (int i = 0; i < take; i++) list.Add(txs[keys[i].Slot]);
        Array.Clear(txs, 0, count); // hold no transaction past its round
        return list;
    }

    /// <summary>A candidate's rank: how far its sequence is ahead of its sender's next, then sender, then the id's first
    /// word (then the slot, which only keeps the sort total; ties there are put in whole-id order afterwards).</summary>
    private readonly struct CandidateKey(ulong gap, int sender, ulong idWord, int slot) : IComparable<CandidateKey>
    {
        public readonly ulong Gap = gap;
        public readonly ulong IdWord = idWord;
        public readonly int Sender = sender; // the sender's slot, then (after WithSenderRank) its rank by account id
        public readonly int Slot = slot;

        public CandidateKey WithSenderRank(int rank) => new(Gap, rank, IdWord, Slot);

        public bool TiesWith(CandidateKey other) => Gap == other.Gap && Sender == other.Sender && IdWord == other.IdWord;

        public int CompareTo(CandidateKey other)
        {
            int c = Gap.CompareTo(other.Gap);
            if (c != 0) return c;
            c = Sender.CompareTo(other.Sender);
            if (c != 0) return c;
            c = IdWord.CompareTo(other.IdWord);
            return c != 0 ? c : Slot.CompareTo(other.Slot);
        }
    }

    /// <summary>Senders' next sequence numbers in one state, each looked up in the trie once however many of the
    /// sender's transactions ask (a pool holds many per busy sender). One per node, started afresh for each use: its
    /// tables keep their capacity, so a saturated round does not regrow them from empty (at thousands of senders each
    /// regrowth is a large-object allocation, and those are what trigger full collections).</summary>
    private sealed class SenderSequences
    {
        private readonly Dictionary<Hash256, (ulong Next, int Slot)> _next = []; // lookups only; never iterated
        private readonly List<Hash256> _bySlot = [];
        private Ledger.State.LedgerState? _state;

        /// <summary>Forgets what was asked before and answers from <paramref name="state"/>.</summary>
        public SenderSequences Start(Ledger.State.LedgerState state)
        {
            _next.Clear();
            _bySlot.Clear();
            _state = state;
            return this;
        }

        /// <summary>The sender's next sequence, or 0 for an unknown account.</summary>
        public ulong Next(Hash256 sender) => NextAndSlot(sender).Next;

        /// <summary>The sender's next sequence, and the order in which it was first asked about.</summary>
        public (ulong Next, int Slot) NextAndSlot(Hash256 sender)
        {
            if (_next.TryGetValue(sender, out var entry)) return entry;
            entry = (_state!.GetAccount(sender)?.NextSequence ?? 0, _bySlot.Count);
            _next[sender] = entry;
            _bySlot.Add(sender);
            return entry;
        }

        /// <summary>For each slot, the sender's rank when the senders asked about are sorted by account id.</summary>
        public int[] RanksBySender()
        {
            var order = new int[_bySlot.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            var bySlot = _bySlot;
            Array.Sort(order, (a, b) => bySlot[a].CompareTo(bySlot[b]));
            var rank = new int[order.Length];
            for (int r = 0; r < order.Length; r++) rank[order[r]] = r;
            return rank;
        }

        /// <summary>True when the sender is known and <paramref name="sequence"/> is below its next one (used).</summary>
        public bool IsUsed(Hash256 sender, ulong sequence) => sequence < Next(sender);
    }

    /// <summary>After building a ledger from the agreed set: rejections that cannot change are final; retryable ones
    /// stay pending for <see cref="Consensus.ConsensusParameters.RetryLedgers"/> ledgers.</summary>
    private void ProcessRejections(IReadOnlyList<Rejection> rejected)
    {
        foreach (var r in rejected)
        {
            var id = r.Transaction.Id;
            if (!_pending.ContainsKey(id)) continue;
            if (r.Result.IsRetryable())
            {
                int attempts = _retries.GetValueOrDefault(id) + 1;
                if (attempts < _params.RetryLedgers)
                {
                    _retries[id] = attempts;
                    continue;
                }
            }
            RemovePending(id);
            RememberRejected(id);
            _effects.Add(new TransactionRejectedEffect(id, r.Result, $"rejected by the state transition rules: {r.Result}"));
        }
    }

    /// <summary>After a ledger is validated: drop what it applied and what can no longer apply.</summary>
    private void PrunePending(ClosedLedger validated)
    {
        foreach (var tx in validated.Transactions) RemovePending(tx.Id);
        List<(Hash256, TxResult, string)>? dead = null;
        var nextOf = _senders.Start(validated.State);
        foreach (var (id, tx) in _pending)
        {
            if (tx.LastValidLedger != 0 && validated.Sequence + 1 > tx.LastValidLedger)
                (dead ??= []).Add((id, TxResult.Expired, $"expired: its last valid ledger {tx.LastValidLedger} passed"));
            else if (nextOf.IsUsed(tx.Sender, tx.Sequence))
                (dead ??= []).Add((id, TxResult.Replayed, $"sequence {tx.Sequence} was used by another transaction of its sender"));
        }
        if (dead is null) return;
        dead.Sort((x, y) => x.Item1.CompareTo(y.Item1)); // in id order, whatever order the pool holds them in
        foreach (var (id, result, text) in dead)
        {
            RemovePending(id);
            _effects.Add(new TransactionRejectedEffect(id, result, text));
        }
    }

    private void RememberRejected(Hash256 id)
    {
        if (!_rejected.Add(id)) return;
        _rejectedOrder.Enqueue(id);
        if (_rejectedOrder.Count > RejectedRemembered) _rejected.Remove(_rejectedOrder.Dequeue());
    }

    private void RemovePending(Hash256 id)
    {
        _pending.Remove(id);
        _retries.Remove(id);
    }
}
