using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Proofs;
using HealthLedger.Engine.Tests.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Proofs;

public class ExistenceProofTests
{
    /// <summary>A chain where the doctor registers a record (and others transact around it) in a random ledger.</summary>
    private static (TestChain Chain, Transaction Tx, Hash256 Record, uint Ledger) Scenario(int seed)
    {
        var rng = new Random(seed);
        var doctor = new Party("doctor", Role.Provider);
        var patient = new Party("patient", Role.Patient);
        var chain = new TestChain(doctor, patient);
        for (int i = rng.Next(0, 4); i > 0; i--) chain.Close(patient.Sign(new Notarize(RandomTransactions.Hash(rng), [])));
        var noise = Enumerable.Range(0, rng.Next(0, 12)).Select(_ => patient.Sign(new Notarize(RandomTransactions.Hash(rng), []))).ToList();
        var tx = doctor.Sign(new RegisterRecord(new RecordFields(RandomTransactions.Hash(rng), 1, 1, [])));
        noise.Insert(rng.Next(noise.Count + 1), tx);
        chain.Close([.. noise]);
        uint ledger = chain.Head.Sequence;
        for (int i = rng.Next(0, 5); i > 0; i--) chain.Close(patient.Sign(new Notarize(RandomTransactions.Hash(rng), [])));
        return (chain, tx, RecordIds.For(doctor.Id, tx.Sequence), ledger);
    }

    [Fact]
    public void A_proof_of_a_committed_record_verifies_and_round_trips()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var (chain, tx, record, ledger) = Scenario(seed);
            var proof = ExistenceProof.Create(chain.BySequence, ledger, tx.Id, chain.Head.Sequence, record);
            Assert.True(proof.Verify(chain.Head.Hash).IsValid);
            Assert.True(ExistenceProof.TryDecode(proof.Encode(), out var decoded, out var error), error.ToString());
            Assert.Equal(proof.Encode(), decoded!.Encode());
            Assert.True(decoded.Verify(chain.Head.Hash).IsValid);
            Assert.False(decoded.Verify(chain.Ledgers[^2].Hash).IsValid); // not the checkpoint it leads to
        }).Check(PropertyConfig.Default(seed: 1501, maxTest: 40));
    }

    [Fact]
    public void Any_bit_flip_in_a_proof_is_refused_by_decoding_or_by_verification()
    {
        var (chain, tx, record, ledger) = Scenario(3);
        var proof = ExistenceProof.Create(chain.BySequence, ledger, tx.Id, chain.Head.Sequence, record);
        var bytes = proof.Encode();
        var checkpoint = chain.Head.Hash;
        Prop.ForAll(Arb.From(Gen.Choose(0, bytes.Length * 8 - 1)), bit =>
        {
            var copy = (byte[])bytes.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            bool accepted = ExistenceProof.TryDecode(copy, out var mutated, out _) && mutated!.Verify(checkpoint).IsValid;
            Assert.False(accepted, $"flipping bit {bit} left a valid proof");
        }).Check(PropertyConfig.Default(seed: 1502, maxTest: 1500));
    }

    [Fact]
    public void A_transaction_that_is_not_in_the_ledger_has_no_proof()
    {
        var (chain, _, _, ledger) = Scenario(4);
        var outsider = new Party("outsider", Role.Provider).Sign(new RegisterRecord(new RecordFields(Hash256.Zero, 0, 1, [])));
        Assert.Throws<ArgumentException>(() => ExistenceProof.Create(chain.BySequence, ledger, outsider.Id, chain.Head.Sequence));
    }

    [Fact]
    public void A_proof_for_a_transaction_swapped_in_from_elsewhere_fails()
    {
        var (chain, tx, _, ledger) = Scenario(5);
        var proof = ExistenceProof.Create(chain.BySequence, ledger, tx.Id, chain.Head.Sequence);
        var other = new Party("doctor", Role.Provider).Sign(new RegisterRecord(new RecordFields(Hash256.Compute("forged"u8), 0, 1, [])));
        var check = (proof with { Transaction = other }).Verify(chain.Head.Hash);
        Assert.Equal(ProofFailure.NotIncluded, check.Failure);
    }
}
