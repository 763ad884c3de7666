using BenchmarkDotNet.Attributes;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Engine.Merkle;
using HealthLedger.Engine.Proofs;

namespace HealthLedger.Bench.Micro;

/// <summary>Merkle roots and proof checks.</summary>
[MemoryDiagnoser]
public class MerkleBenchmarks
{
    private Hash256[] _leaves = null!;
    private Hash256 _root;
    private Hash256[] _path = null!;
    private StateProof _stateProof = null!;
    private Hash256 _stateRoot;
    private ExistenceProof _existence = null!;
    private Hash256 _checkpoint;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _leaves = Enumerable.Range(0, 10_000).Select(_ => new Hash256(BenchFixtures.Bytes(rng, 32))).ToArray();
        _root = MerkleTree.Root(_leaves);
        _path = MerkleTree.Prove(_leaves, 4321);

        // A ledger with 10,000 records, so the state proof has a realistic depth.
        var (genesis, keys) = BenchFixtures.Network(100);
        var txs = BenchFixtures.Transactions(keys, 10_000);
        var ledger = LedgerBuilder.Build(genesis, txs, genesis.CloseTimeMs + 1000, SignatureVerifier.Instance).Ledger;
        var record = ledger.State.Records.Entries().Skip(500).First().Key;
        _stateProof = ledger.State.Records.Prove(record)!;
        _stateRoot = ledger.State.Records.RootHash;
        var tx = ledger.Transactions[777];
        _existence = ExistenceProof.Create(s => s == 1 ? ledger : null, 1, tx.Id, 1);
        _checkpoint = ledger.Hash;
        if (!_existence.Verify(_checkpoint).IsValid) throw new InvalidOperationException("fixture proof must verify");
    }

    [Benchmark(Description = "Merkle root of 10,000 leaves")]
    public Hash256 Root10K() => MerkleTree.Root(_leaves);

    [Benchmark(Description = "Tx inclusion proof verify (10,000 leaves)")]
    public bool VerifyInclusion() => MerkleTree.VerifyInclusion(_leaves[4321], 4321, _leaves.Length, _path, _root);

    [Benchmark(Description = "State proof verify (10,000 records)")]
    public bool VerifyStateProof() => _stateProof.Verifies(_stateRoot);

    [Benchmark(Description = "Existence proof decode+verify (sig not cached)")]
    public bool VerifyExistenceProof()
    {
        ExistenceProof.TryDecode(_existence.Encode(), out var proof, out _);
        return proof!.Verify(_checkpoint).IsValid;
    }
}
