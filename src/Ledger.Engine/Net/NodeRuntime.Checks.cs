using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Net;

// The signature checks of submitted and relayed transactions, between the connections and the node loop.
public sealed partial class NodeRuntime
{
    /// <summary>An input carrying transactions, with those whose signatures the checkers verify before it reaches the
    /// loop.</summary>
    private readonly record struct CheckItem(Input Input, IReadOnlyList<Transaction> Transactions);

    private readonly Channel<CheckItem>[] _checkQueues;
    private readonly List<Thread> _checkers = [];

    /// <summary>Starts <see cref="NodeRuntimeOptions.SignatureCheckThreads"/> threads, each draining its own queue:
    /// a connection always uses the same one, so its transactions reach the loop in the order it received them.</summary>
    private void StartSignatureChecks()
    {
        for (int i = 0; i < _checkQueues.Length; i++)
        {
            var queue = _checkQueues[i].Reader;
            // Dedicated threads, not pool threads: their priority is lowered for good (the node core starts no threads;
            // this is its host).
            var thread = new Thread(() => CheckLoop(queue)) { IsBackground = true, Name = $"{SignatureCheckThreadName} {i}" };
            _checkers.Add(thread);
            thread.Start();
        }
    }

    /// <summary>The checker threads' name, followed by their number.</summary>
    internal const string SignatureCheckThreadName = "signature checks";

    /// <summary>Most transactions a checker takes before it checks them and hands them to the loop: a relay batch's worth.
    /// (The simulator's checkers take as many, <c>CpuSpec.CheckerWeight</c>.)</summary>
    public const int MaxCheckedTogether = MaxRelaysPerBatch;

    /// <summary>Takes what is queued (up to <see cref="MaxCheckedTogether"/> transactions), checks it all, then hands it
    /// to the loop together: the loop finds a burst of submissions queued and relays it as one batch frame per peer,
    /// where handing each over as soon as it was checked let the loop run dry after each one (the checks are slower than
    /// the loop) and relay it alone, one frame, wake-up and check item per transaction at every peer. An input waits at
    /// most for the checks of the inputs taken with it.</summary>
    private void CheckLoop(ChannelReader<CheckItem> queue)
    {
        if (_options.SignatureCheckNice > 0 && ThreadPriority.TryLowerCurrentThread(_options.SignatureCheckNice) is { } why)
            Log($"signature checks run at the default priority: {why}");
        var taken = new List<CheckItem>();
        try
        {
            while (WaitWithoutSpinning(queue.WaitToReadAsync(_stop.Token)))
            {
                int transactions = 0;
                while (transactions < MaxCheckedTogether && queue.TryRead(out var item))
                {
                    taken.Add(item);
                    transactions += item.Transactions.Count;
                }
                foreach (var item in taken)
                {
                    try
                    {
                        foreach (var tx in item.Transactions) WarmVerifier(tx);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A check that throws must not end the thread (and with it the process): the input goes on, and
                        // the core checks what the cache does not hold and decides.
                        Log($"a signature check failed: {e.GetType().Name}: {e.Message}");
                    }
                }
                foreach (var item in taken)
                {
                    // Waits when the loop is behind: the queue fills, and the connections feeding it stop reading.
                    if (!_txInputs.Writer.TryWrite(item.Input)) WaitWithoutSpinning(_txInputs.Writer.WriteAsync(item.Input, _stop.Token));
                    // Counted as queued before it stops awaiting checks, so admission (RefusedAsBusy) always counts it.
                    if (item.Input is ClientCall) Interlocked.Increment(ref _queuedSubmissions);
                    Interlocked.Add(ref _awaitingChecks, -item.Transactions.Count);
                }
                taken.Clear();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // Stopping.
        }
        finally
        {
            var cpu = ThreadCpuTime.OfCurrentThread();
            lock (_checkWorkLock)
                _checkWork = new SignatureCheckWork(_checkWork.Verifications + Crypto.Ed25519Scheme.VerificationsOnThisThread,
                    cpu is { } t && _checkWork.ProcessorTime is { } sum ? sum + t : null);
        }
    }

    private readonly Lock _checkWorkLock = new();
    private SignatureCheckWork _checkWork = new(0, TimeSpan.Zero);

    /// <summary>What the signature checker threads did, summed over those that have ended (all of them once
    /// <see cref="StopAsync"/> has returned): their Ed25519 verifications and their threads' processor time (null where
    /// the system does not give a thread's time). Its ratio is the cost of a verification in place, on a machine
    /// the node shares, against the bound's benchmark of one core verifying alone.</summary>
    public SignatureCheckWork SignatureChecks
    {
        get
        {
            lock (_checkWorkLock) return _checkWork;
        }
    }

    [ThreadStatic] private static ManualResetEventSlim? t_completed;
    [ThreadStatic] private static Action? t_setCompleted;

    /// <summary>Blocks the calling thread (a checker) until <paramref name="pending"/> completes, and returns its result.
    /// Blocking on the task itself would spin first (<c>sched_yield</c> in a loop, then a spinning event): with several
    /// node processes sharing two cores, that spinning was 4-5% of the nodes' processor samples at 3,000 tx/s (perf,
    /// 2026-12-06). This event does not spin, and is reused by the thread.</summary>
    private static T WaitWithoutSpinning<T>(ValueTask<T> pending)
    {
        if (!pending.IsCompleted) Block(pending.ConfigureAwait(false).GetAwaiter());
        return pending.GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="WaitWithoutSpinning{T}(ValueTask{T})"/>
    private static void WaitWithoutSpinning(ValueTask pending)
    {
        if (!pending.IsCompleted) Block(pending.ConfigureAwait(false).GetAwaiter());
        pending.GetAwaiter().GetResult();
    }

    private static void Block<TAwaiter>(TAwaiter awaiter) where TAwaiter : ICriticalNotifyCompletion
    {
        var completed = t_completed ??= new ManualResetEventSlim(false, spinCount: 0);
        completed.Reset();
        awaiter.UnsafeOnCompleted(t_setCompleted ??= completed.Set);
        completed.Wait();
    }

    /// <summary>Hands <paramref name="input"/> from <paramref name="connection"/> towards the loop: an input carrying
    /// transactions to check (<paramref name="toCheck"/> not empty) goes through the connection's checker to the
    /// transaction queue; anything else straight to the consensus queue. Without checkers the signatures are checked
    /// here, on the connection's thread, and everything shares the one queue. Waits when the next queue is full.</summary>
    private async ValueTask EnqueueAsync(Connection connection, Input input, IReadOnlyList<Transaction>? toCheck)
    {
        if (toCheck is null || toCheck.Count == 0)
        {
            await _inputs.Writer.WriteAsync(input, _stop.Token).ConfigureAwait(false);
            return;
        }
        if (_checkQueues.Length == 0)
        {
            foreach (var tx in toCheck) WarmVerifier(tx);
            await _inputs.Writer.WriteAsync(input, _stop.Token).ConfigureAwait(false);
            if (input is ClientCall) Interlocked.Increment(ref _queuedSubmissions);
            return;
        }
        var queue = _checkQueues[(int)((ulong)connection.Id % (ulong)_checkQueues.Length)].Writer;
        var item = new CheckItem(input, toCheck);
        Interlocked.Add(ref _awaitingChecks, toCheck.Count);
        if (!queue.TryWrite(item)) await queue.WriteAsync(item, _stop.Token).ConfigureAwait(false);
    }

    /// <summary>The relayed transactions a peer's message carries, for the checkers; null for a consensus message.
    /// A transaction set's members (a reply to this node's fetch, which a round waits for) are checked on the
    /// connection's thread instead and go to the consensus queue.</summary>
    private static IReadOnlyList<Transaction>? RelayedTransactions(ConsensusMessage message) => message switch
    {
        TransactionMessage t => [t.Transaction],
        TransactionBatchMessage b => b.Transactions,
        _ => null,
    };
}

/// <summary>The signature checkers' work (<see cref="NodeRuntime.SignatureChecks"/>).</summary>
/// <param name="Verifications">Ed25519 verifications the checker threads did (cache hits cost none).</param>
/// <param name="ProcessorTime">Their threads' processor time, everything they did included (taking, handing over, cache
/// look-ups); null where the system does not tell.</param>
public readonly record struct SignatureCheckWork(long Verifications, TimeSpan? ProcessorTime)
{
    /// <summary>Processor µs per verification; null without a time or a verification.</summary>
    public double? MicrosecondsPerVerification => ProcessorTime is { } t && Verifications > 0 ? t.TotalMicroseconds / Verifications : null;
}

/// <summary>The ledgers a node built and validated in its rounds (<see cref="NodeRuntime.LedgerWork"/>).</summary>
/// <param name="BuiltTransactions">Transactions in the ledgers it built.</param>
/// <param name="BuildTime">The processor time of the node loop's inputs that built them; null where the system does
/// not tell.</param>
/// <param name="ValidatedTransactions">Transactions in the ledgers it validated in inputs that built none.</param>
/// <param name="ValidationTime">The processor time of those inputs (storing the ledger, answering its clients).</param>
public readonly record struct LedgerWork(long BuiltTransactions, TimeSpan? BuildTime, long ValidatedTransactions, TimeSpan? ValidationTime)
{
    /// <summary>Processor µs per transaction built; null without a time or a transaction.</summary>
    public double? BuildUsPerTransaction => BuildTime is { } t && BuiltTransactions > 0 ? t.TotalMicroseconds / BuiltTransactions : null;

    /// <summary>Processor µs per transaction validated; null without a time or a transaction.</summary>
    public double? ValidationUsPerTransaction => ValidationTime is { } t && ValidatedTransactions > 0 ? t.TotalMicroseconds / ValidatedTransactions : null;
}
