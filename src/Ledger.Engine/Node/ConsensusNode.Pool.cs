using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Node;

// The pending pool: transactions stay here until a validated ledger applies them or they are rejected for good.
// A hash table (an id's hash code is a word of the digest, never a process-seeded hash); nothing taken from it depends
// on its order: the proposed set is ranked by a total order, and expiries are reported in id order.
public sealed partial class ConsensusNode
{
    private readonly Dictionary<Hash256, PendingTx> _pending = [];
    private long _arrivals; // numbers the pool's entries in the order they came in

    /// <summary>A pooled transaction, when it came in as a count of the pool's entries before it, and for a client's
    /// submission to this node the time its host received it (-1 for a peer's relay), which
    /// <see cref="SubmissionWaitMs"/> is measured from.</summary>
    private readonly record struct PendingTx(Transaction Tx, long Arrival, long SubmittedMs = -1);

    private void AddPending(Transaction transaction, long submittedMs = -1) => _pending.Add(transaction.Id, new PendingTx(transaction, _arrivals++, submittedMs));
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
    public void Submit(long nowMs, Transaction transaction) => Submit(nowMs, transaction, nowMs);

    /// <summary><see cref="Submit(long, Transaction)"/>, for a host that received the submission at
    /// <paramref name="receivedMs"/> (on its clock, at most <paramref name="nowMs"/>) and checked its signature before
    /// handing it over: the wait its client sees, which admission control measures (<see cref="SubmissionWaitMs"/>), runs from
    /// then.</summary>
    public void Submit(long nowMs, Transaction transaction, long receivedMs)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Enter(nowMs);
        if (!_pending.ContainsKey(transaction.Id))
        {
            var early = EarlyRejection(transaction);
            if (early is { } reason)
                _effects.Add(new TransactionRejectedEffect(transaction.Id, reason.Result, reason.Text));
            else if (!AdmitsSubmission(_pending.Count))
            {
                Counters.BusyRefusals++;
                _effects.Add(new TransactionRejectedEffect(transaction.Id, TxResult.NodeBusy, $"the node is busy: {_pending.Count} transactions pending, it admits clients' submissions below {SubmissionLimit}; retry later"));
            }
            else
            {
                AddPending(transaction, Math.Min(receivedMs, _nowMs));
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
        AddPending(transaction);
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
        AddPending(transaction);
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
        // (a ledger of random picks applies little of a long chain, and the rest exhausts its retries); then first come,
        // first served. When more are pending than a ledger takes, the cut falls on what came in last, which is what the
        // validators' pools differ in (transactions still being relayed): ranked by sender or id instead, those were
        // spread through the whole order, so at saturation the validators cut different sets and spent seconds of
        // disputes on thousands of transactions (measured on a 4-node loopback cluster at 4,200 tx/s), and a sender
        // whose account ranked last waited behind every other sender for as long as the load lasted.
        if (_candidateTxs.Length < _pending.Count)
        {
            _candidateTxs = new Transaction[Math.Max(_pending.Count, _candidateTxs.Length * 2)];
            _candidateKeys = new CandidateKey[_candidateTxs.Length];
        }
        var txs = _candidateTxs;
        var keys = _candidateKeys;
        int count = 0;
        var senders = _senders.Start(_validated.State);
        foreach (var (id, pending) in _pending)
        {
            if (inFlight.Contains(id)) continue;
            var tx = pending.Tx;
            ulong next = senders.Next(tx.Sender);
            txs[count] = tx;
            keys[count] = new CandidateKey(tx.Sequence >= next ? tx.Sequence - next : 0, pending.Arrival, count);
            count++;
        }
        Array.Sort(keys, 0, count); // a struct key: no delegate or interface call per comparison
        int take = Math.Min(count, _params.MaxTransactionsPerLedger);
        var list = new List<Transaction>(take);
        for (int i = 0; i < take; i++) list.Add(txs[keys[i].Slot]);
        Array.Clear(txs, 0, count); // hold no transaction past its round
        return list;
    }

    /// <summary>A candidate's rank: how far its sequence is ahead of its sender's next, then when it came into the pool
    /// (unique, so the order is total); the slot says where the transaction is.</summary>
    private readonly struct CandidateKey(ulong gap, long arrival, int slot) : IComparable<CandidateKey>
    {
        public readonly ulong Gap = gap;
        public readonly long Arrival = arrival;
        public readonly int Slot = slot;

        public int CompareTo(CandidateKey other)
        {
            int c = Gap.CompareTo(other.Gap);
            return c != 0 ? c : Arrival.CompareTo(other.Arrival);
        }
    }

    /// <summary>Senders' next sequence numbers in one state, each looked up in the trie once however many of the
    /// sender's transactions ask (a pool holds many per busy sender). One per node, started afresh for each use: its
    /// tables keep their capacity, so a saturated round does not regrow them from empty (at thousands of senders each
    /// regrowth is a large-object allocation, and those are what trigger full collections).</summary>
    private sealed class SenderSequences
    {
        private readonly Dictionary<Hash256, ulong> _next = []; // lookups only; never iterated
        private Ledger.State.LedgerState? _state;

        /// <summary>Forgets what was asked before and answers from <paramref name="state"/>.</summary>
        public SenderSequences Start(Ledger.State.LedgerState state)
        {
            _next.Clear();
            _state = state;
            return this;
        }

        /// <summary>The sender's next sequence, or 0 for an unknown account.</summary>
        public ulong Next(Hash256 sender)
        {
            if (_next.TryGetValue(sender, out ulong next)) return next;
            next = _state!.GetAccount(sender)?.NextSequence ?? 0;
            _next[sender] = next;
            return next;
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
        long waitedMs = 0;
        int waited = 0;
        foreach (var tx in validated.Transactions)
        {
            if (RemovePending(tx.Id, out var pending) && pending.SubmittedMs >= 0)
            {
                waitedMs += _nowMs - pending.SubmittedMs;
                waited++;
            }
        }
        SubmissionWaitMs = waited == 0 ? 0 : waitedMs / waited;
        List<(Hash256, TxResult, string)>? dead = null;
        var nextOf = _senders.Start(validated.State);
        foreach (var (id, (tx, _, _)) in _pending)
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

    private void RemovePending(Hash256 id) => RemovePending(id, out _);

    /// <summary>Drops <paramref name="id"/> from the pool; true, with its entry, when it was there.</summary>
    private bool RemovePending(Hash256 id, out PendingTx removed)
    {
        _retries.Remove(id);
        return _pending.Remove(id, out removed);
    }
}
