namespace HealthLedger.Engine.Client;

/// <summary>How an <see cref="InProcessLedger"/> batches transactions into ledgers and what time it closes them at.</summary>
public sealed record InProcessLedgerOptions
{
    /// <summary>The defaults: a ledger per submission, one virtual second apart.</summary>
    public static InProcessLedgerOptions Default { get; } = new();

    /// <summary>A ledger closes as soon as this many transactions wait (when <see cref="CloseWhenBatchFull"/>).
    /// 1 closes a ledger per submission, which is what interactive flows and the demo want.</summary>
    public int MaxTransactionsPerLedger { get; init; } = 1;

    /// <summary>When false, ledgers close only on <see cref="InProcessLedger.CloseLedger"/>: the caller drives every
    /// close, as a test of batching or a simulator does. Submissions wait until then.</summary>
    public bool CloseWhenBatchFull { get; init; } = true;

    /// <summary>Virtual time that passes per ledger close, in ms, when no <see cref="ClockMs"/> is given.</summary>
    public long CloseIntervalMs { get; init; } = 1000;

    /// <summary>A caller-supplied clock (ms since the Unix epoch) read at each close. Null (the default) uses virtual
    /// time: the parent's close time plus <see cref="CloseIntervalMs"/> plus whatever
    /// <see cref="InProcessLedger.AdvanceTime"/> added, so runs are reproducible. Close times are clamped to strictly
    /// increase either way.</summary>
    public Func<long>? ClockMs { get; init; }
}
