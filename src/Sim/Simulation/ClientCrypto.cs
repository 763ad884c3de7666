using System.Collections.Concurrent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Simulation;

/// <summary>
/// The clients' Ed25519 work and the checks of their signatures, done on another core while the simulator's one thread
/// runs the event loop: each planned transaction is signed ahead (the simulator signs it itself if it needs it first),
/// and each transaction of a newly validated ledger has its signature verified with the real scheme over the bytes its
/// id hashes, the answer kept by id, for the nodes' shared verifier and the end-of-run replay (<see cref="Verifier"/>).
/// Checking the ledger's copies, which the run keeps anyway, rather than the clients' lets each client copy go once its
/// transaction is validated: with real crypto at saturation the checks run tens of thousands behind, and a queue of
/// client copies held that many transactions twice.
/// <para>Nothing the nodes decide or the CPU model counts depends on it. Signing is deterministic, so the bytes are the
/// same whoever signs; an answer kept is the real scheme's answer for exactly the bytes the id hashes (signature
/// included), so a node gets the same answer whether it was found ahead or is computed when asked; and the CPU model
/// counts the questions a node asks, not who answered them. So every report is the same whether this work ran
/// ahead, late or not at all.</para>
/// <para>One work item at a time on the thread pool (drained in order, re-posted when work arrives after it ran dry):
/// no thread of its own to leak from a simulation that is dropped before it finishes.</para>
/// </summary>
internal sealed class ClientCrypto
{
    /// <summary>Answers kept; beyond this the askers check the rest themselves.</summary>
    private const int Kept = 1 << 21;

    private readonly ConcurrentQueue<PlannedTransaction> _work = new();
    private readonly ConcurrentQueue<Transaction> _toCheck = new();
    private readonly ConcurrentDictionary<Hash256, bool> _checked;
    private int _draining;
    private int _keptCount; // the drainer's alone; ConcurrentDictionary.Count takes every lock of the table
    private volatile bool _checksHandedOver; // the end-of-run replay checks what is left: the drainer stops checking

    /// <summary>Signs <paramref name="planned"/> on another core, soon.</summary>
    public void Post(PlannedTransaction planned)
    {
        _work.Enqueue(planned);
        StartDraining();
    }

    /// <summary>Checks the signatures of <paramref name="validated"/> (a newly validated ledger's transactions) on
    /// another core, after any signing due.</summary>
    public void PostChecks(IEnumerable<Transaction> validated)
    {
        if (_checksHandedOver) return;
        foreach (var tx in validated) _toCheck.Enqueue(tx);
        StartDraining();
    }

    private void StartDraining()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0) ThreadPool.UnsafeQueueUserWorkItem(static self => self.Drain(), this, preferLocal: false);
    }

    /// <summary>The answer found ahead for these exact bytes (the id hashes them, signature included), else a check
    /// with the real scheme now.</summary>
    public ISignatureVerifier Verifier { get; }

    /// <summary>Made for about <paramref name="expected"/> transactions (the answers' table is sized for them).</summary>
    public ClientCrypto(int expected = 0)
    {
        _checked = new ConcurrentDictionary<Hash256, bool>(Environment.ProcessorCount, Math.Clamp(expected, 0, Kept));
        Verifier = new Checked(_checked);
    }

    /// <summary>True when a copy of the transaction with this id was already checked.</summary>
    public bool WasChecked(Hash256 id) => _checked.ContainsKey(id);

    /// <summary>Checks the signatures of <paramref name="txs"/> that were not checked ahead, in their order, on another
    /// core while the caller goes through them in the same order with the returned verifier. Each check is claimed once
    /// from a shared counter by whichever thread gets to it, so the two cores share the work to its end and nothing is
    /// checked twice (but the caller's last one when the other core holds it). Each object remembers its answer.
    /// Disposing the handle stops the other core and waits for it. The checks still queued here are dropped: the two
    /// cores cover every transaction not checked yet.</summary>
    public SharedChecks CheckAlongside(IEnumerable<Transaction> txs)
    {
        // From here the replay and its helper cover every transaction not checked yet; the drainer's queue of checks
        // would only repeat theirs on other copies of the same transactions, on the same two cores.
        _checksHandedOver = true;
        return new SharedChecks(_checked, txs.Where(tx => !WasChecked(tx.Id)).ToList());
    }

    /// <summary>The checks of a chain being replayed, shared between the replaying thread (through <see cref="Verify"/>)
    /// and a helper on another core.</summary>
    public sealed class SharedChecks : ISignatureVerifier, IDisposable
    {
        private readonly ConcurrentDictionary<Hash256, bool> _answers;
        private readonly List<Transaction> _toCheck;
        private readonly Task _helper;
        private int _next; // the next check to claim
        private bool _stop;

        internal SharedChecks(ConcurrentDictionary<Hash256, bool> answers, List<Transaction> toCheck)
        {
            _answers = answers;
            _toCheck = toCheck;
            // The simulator's helper for the end-of-run replay; the node core starts no threads.
            _helper = Task.Run(() =>
            {
                while (!Volatile.Read(ref _stop) && TryClaim(out var tx)) tx.VerifySignature();
            });
        }

        private bool TryClaim(out Transaction tx)
        {
            int k = Interlocked.Increment(ref _next) - 1;
            tx = k < _toCheck.Count ? _toCheck[k] : null!;
            return k < _toCheck.Count;
        }

        /// <summary>The answer found ahead, else this object's answer: claimed checks are made here, in order, until
        /// this one is answered (by this thread or the helper); when none is left to claim, checked here.</summary>
        public bool Verify(Transaction transaction)
        {
            if (_answers.TryGetValue(transaction.Id, out bool kept)) return kept;
            while (!transaction.IsSignatureKnownValid)
            {
                if (!TryClaim(out var claimed)) return transaction.VerifySignature(); // the helper has it, or it is forged
                bool ok = claimed.VerifySignature();
                if (ReferenceEquals(claimed, transaction)) return ok;
            }
            return true;
        }

        public void Dispose()
        {
            Volatile.Write(ref _stop, true);
            _helper.Wait();
        }
    }

    private void Drain()
    {
        while (true)
        {
            // Signatures first: the simulator needs each one a few hundred microseconds after posting it, and signs it
            // itself if this thread is not there yet; checks are only needed later, so they wait while signing is due.
            while (true)
            {
                if (_work.TryDequeue(out var planned)) planned.TrySignAhead();
                else if (!_checksHandedOver && _toCheck.TryDequeue(out var validated)) Check(validated);
                else break;
            }
            Volatile.Write(ref _draining, 0);
            // Work posted between the last dequeue and the reset found the flag set and did not post: take it here.
            if ((_work.IsEmpty && (_checksHandedOver || _toCheck.IsEmpty)) || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
        }
    }

    private void Check(Transaction tx)
    {
        if (_keptCount >= Kept || _checked.ContainsKey(tx.Id)) return;
        // The object's own memory is not asked (a client's object says "signed" without a check, since it made the
        // signature): the key, signed prefix and signature it was decoded from are checked with the real scheme, which
        // is what a fresh copy decoded from the same bytes would check (the id hashes exactly those bytes).
        if (_checked.TryAdd(tx.Id, tx.SigningKey.Verify(tx.SigningBytes, tx.Signature))) _keptCount++;
    }

    private sealed class Checked(ConcurrentDictionary<Hash256, bool> answers) : ISignatureVerifier
    {
        public bool Verify(Transaction transaction) =>
            answers.TryGetValue(transaction.Id, out bool ok) ? ok : transaction.VerifySignature();
    }
}
