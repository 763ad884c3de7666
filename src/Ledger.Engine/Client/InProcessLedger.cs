using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Client;

/// <summary>
/// A single-node ledger in the process: submissions queue up and are built into ledgers by
/// <see cref="LedgerBuilder.Build"/> under the batching and close-time policy of <see cref="InProcessLedgerOptions"/>.
/// Every ledger it closes counts as validated (one node, no consensus). Deterministic: the same submissions in the same
/// order with the same options give byte-identical ledgers. Keeps every ledger in memory.
/// </summary>
public sealed class InProcessLedger : ILedgerGateway
{
    private readonly InProcessLedgerOptions _options;
    private readonly ISignatureVerifier _verifier;
    private readonly Lock _lock = new();
    private readonly List<ClosedLedger> _ledgers = [];
    private List<Pending> _pending = [];
    private long _advanceMs;

    /// <summary>Starts from <paramref name="genesis"/> (ledger 0).</summary>
    public InProcessLedger(ClosedLedger genesis, InProcessLedgerOptions? options = null, ISignatureVerifier? verifier = null)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        _options = options ?? InProcessLedgerOptions.Default;
        if (_options.MaxTransactionsPerLedger < 1) ThrowHelper.Argument(nameof(options), "A ledger must be allowed at least one transaction.");
        _verifier = verifier ?? SignatureVerifier.Instance;
        _ledgers.Add(genesis);
    }

    /// <summary>Raised after each close, outside the lock, with the new ledger.</summary>
    public event Action<ClosedLedger>? LedgerClosed;

    /// <summary>The latest ledger.</summary>
    public ClosedLedger Head
    {
        get
        {
            lock (_lock) return _ledgers[^1];
        }
    }

    /// <summary>Transactions waiting for the next close.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock) return _pending.Count;
        }
    }

    /// <summary>Moves virtual time forward: the next close happens <paramref name="ms"/> later than it otherwise
    /// would. This is how tests and the demo let a subscription run out without waiting on a wall clock. With a
    /// caller-supplied <see cref="InProcessLedgerOptions.ClockMs"/> the caller moves its own clock instead.</summary>
    public void AdvanceTime(long ms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ms);
        if (_options.ClockMs is not null) ThrowHelper.InvalidOperation("This ledger reads a caller-supplied clock: advance that clock instead.");
        lock (_lock) _advanceMs += ms;
    }

    /// <inheritdoc />
    public ValueTask<SubmitOutcome> SubmitAsync(Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(transaction, new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        Completion? completion = null;
        lock (_lock)
        {
            _pending.Add(pending);
            if (_options.CloseWhenBatchFull && _pending.Count >= _options.MaxTransactionsPerLedger) completion = CloseLocked();
        }
        completion?.Complete(LedgerClosed);
        return new ValueTask<SubmitOutcome>(pending.Outcome.Task.WaitAsync(cancellationToken));
    }

    /// <summary>Closes a ledger now with every waiting transaction (possibly none: an empty ledger still advances
    /// ledger time) and completes their submissions.</summary>
    public ClosedLedger CloseLedger()
    {
        Completion completion;
        lock (_lock) completion = CloseLocked();
        completion.Complete(LedgerClosed);
        return completion.Ledger;
    }

    /// <inheritdoc />
    public ValueTask<ClosedLedger> GetValidatedLedgerAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Head);
    }

    /// <inheritdoc />
    public ValueTask<ClosedLedger?> GetLedgerAsync(uint sequence, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock) return ValueTask.FromResult(sequence < (uint)_ledgers.Count ? _ledgers[(int)sequence] : null);
    }

    /// <summary>The ledger with <paramref name="sequence"/>, or null (synchronous, for proofs built in process).</summary>
    public ClosedLedger? GetLedger(uint sequence)
    {
        lock (_lock) return sequence < (uint)_ledgers.Count ? _ledgers[(int)sequence] : null;
    }

    private Completion CloseLocked()
    {
        var parent = _ledgers[^1];
        long closeTimeMs = _options.ClockMs?.Invoke() ?? parent.CloseTimeMs + _options.CloseIntervalMs + _advanceMs;
        _advanceMs = 0;
        var batch = _pending;
        _pending = [];
        var built = LedgerBuilder.Build(parent, batch.Select(p => p.Transaction), closeTimeMs, _verifier);
        _ledgers.Add(built.Ledger);
        var rejected = new Dictionary<Hash256, TxResult>();
        foreach (var r in built.Rejected) rejected[r.Transaction.Id] = r.Result;
        return new Completion(built.Ledger, batch, rejected);
    }

    private sealed record Pending(Transaction Transaction, TaskCompletionSource<SubmitOutcome> Outcome);

    /// <summary>What a close decided, delivered after the lock is released so continuations never run under it.</summary>
    private sealed record Completion(ClosedLedger Ledger, List<Pending> Batch, Dictionary<Hash256, TxResult> Rejected)
    {
        public void Complete(Action<ClosedLedger>? closed)
        {
            foreach (var p in Batch)
            {
                // A transaction submitted twice is applied once (the builder drops duplicates); both copies learn it.
                var result = Ledger.IndexOf(p.Transaction.Id) >= 0
                    ? TxResult.Applied
                    : Rejected.GetValueOrDefault(p.Transaction.Id, TxResult.Replayed);
                p.Outcome.TrySetResult(new SubmitOutcome(p.Transaction.Id, result, Ledger.Sequence, Ledger.CloseTimeMs));
            }
            closed?.Invoke(Ledger);
        }
    }
}
