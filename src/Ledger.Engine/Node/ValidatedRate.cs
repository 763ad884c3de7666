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

    /// <summary>Ledgers over which <see cref="Capacity"/> keeps the highest rate.</summary>
    public const int CapacityLedgers = 64;

    private readonly (long AtMs, int Transactions)[] _ring = new (long, int)[Ledgers];
    private readonly double[] _rates = new double[CapacityLedgers];
    private int _count, _next, _rateCount, _nextRate;

    /// <summary>Notes a ledger of <paramref name="transactions"/> validated at <paramref name="atMs"/>.</summary>
    public void Add(long atMs, int transactions)
    {
        _ring[_next] = (atMs, transactions);
        _next = (_next + 1) % Ledgers;
        _count = Math.Min(_count + 1, Ledgers);
        _rates[_nextRate] = PerSecond;
        _nextRate = (_nextRate + 1) % CapacityLedgers;
        _rateCount = Math.Min(_rateCount + 1, CapacityLedgers);
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

    /// <summary>What the network has shown it can validate: the highest <see cref="PerSecond"/> over the last
    /// <see cref="CapacityLedgers"/> validated ledgers. Unlike the rate just seen it does not fall when fewer transactions
    /// are admitted, so a limit taken from it does not shrink the load it is measured on; it forgets a faster past
    /// after that many ledgers.</summary>
    public double Capacity
    {
        get
        {
            double most = 0;
            for (int k = 0; k < _rateCount; k++) most = Math.Max(most, _rates[k]);
            return most;
        }
    }
}
