namespace HealthLedger.Engine.Node;

/// <summary>
/// The rate at which a node has recently seen transactions validated: over its last <see cref="Ledgers"/> validated
/// ledgers, the transactions of every one after the first divided by the time from the first's validation to the
/// last's, on the node's own clock (the time its host gave with the input). The span is at least one close interval
/// a ledger, so a node catching up, validating many ledgers in one input, does not read a burst as a rate. Part of the
/// core: no clock of its own, only the times it is given.
/// </summary>
internal sealed class ValidatedRate(long closeIntervalMs)
{
    /// <summary>Ledgers the rate is taken over.</summary>
    public const int Ledgers = 8;

    private readonly (long AtMs, int Transactions)[] _ring = new (long, int)[Ledgers];
    private int _count, _next;

    /// <summary>Notes a ledger of <paramref name="transactions"/> validated at <paramref name="atMs"/>.</summary>
    public void Add(long atMs, int transactions)
    {
        _ring[_next] = (atMs, transactions);
        _next = (_next + 1) % Ledgers;
        _count = Math.Min(_count + 1, Ledgers);
    }

    /// <summary>Transactions validated per second over the window; 0 before two ledgers.</summary>
    public double PerSecond
    {
        get
        {
            if (_count < 2) return 0;
            int first = (_next - _count + Ledgers) % Ledgers, last = (_next - 1 + Ledgers) % Ledgers;
            long transactions = 0;
            for (int k = 1; k < _count; k++) transactions += _ring[(first + k) % Ledgers].Transactions;
            long spanMs = Math.Max(_ring[last].AtMs - _ring[first].AtMs, (_count - 1) * closeIntervalMs);
            return transactions * 1000.0 / spanMs;
        }
    }
}
