using BenchmarkDotNet.Attributes;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Bench.Micro;

/// <summary>
/// The state transition function on pre-verified transactions: build a whole ledger of 10,000 transactions (apply in
/// canonical order, then close: transaction root, state root). Reported per transaction.
/// </summary>
[MemoryDiagnoser]
public class ApplyBenchmarks
{
    private const int Count = 10_000;
    private ClosedLedger _genesis = null!;
    private Transaction[] _txs = null!;

    [Params(1_000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (genesis, keys) = BenchFixtures.Network(Users);
        _genesis = genesis;
        _txs = BenchFixtures.Transactions(keys, Count);
        foreach (var tx in _txs) tx.VerifySignature(); // pre-verified: the cached answer is used while applying
        var check = LedgerBuilder.Build(_genesis, _txs, _genesis.CloseTimeMs + 1000, SignatureVerifier.Instance);
        if (check.Rejected.Count != 0) throw new InvalidOperationException($"fixture rejected {check.Rejected.Count} transactions");
    }

    [Benchmark(Description = "Apply pre-verified tx (ledger of 10,000, incl. close)", OperationsPerInvoke = Count)]
    public ClosedLedger Apply() => LedgerBuilder.Build(_genesis, _txs, _genesis.CloseTimeMs + 1000, SignatureVerifier.Instance).Ledger;
}
