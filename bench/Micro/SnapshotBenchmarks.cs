using BenchmarkDotNet.Attributes;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.Snapshots;

namespace HealthLedger.Bench.Micro;

/// <summary>Writing and reading a state snapshot after 20,000 transactions (about 15,000 record versions and 5,000 notarizations) (what a node pays every so many
/// transactions, and what a restart pays instead of replaying the chain).</summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private ClosedLedger _ledger = null!;
    private Hash256 _network;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (genesis, keys) = BenchFixtures.Network(100);
        var txs = BenchFixtures.Transactions(keys, 20_000);
        _ledger = LedgerBuilder.Build(genesis, txs, genesis.CloseTimeMs + 1000, SignatureVerifier.Instance).Ledger;
        _network = genesis.Hash;
        _path = Path.Combine(Path.GetTempPath(), $"hl-snapshot-bench-{Environment.ProcessId}.snapshot");
        Write();
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Description = "Snapshot write, 20,000 transactions (flushed to disk)")]
    public long Write() => StateSnapshotFile.Write(_path, _network, _ledger.Header, _ledger.State);

    [Benchmark(Description = "Snapshot read and check, 20,000 transactions")]
    public int Read() => StateSnapshotFile.TryRead(_path, out var snapshot, out var why) ? snapshot.Entries : throw new InvalidOperationException(why);
}
