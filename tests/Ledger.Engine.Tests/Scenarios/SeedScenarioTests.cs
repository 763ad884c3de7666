using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Proofs;
using HealthLedger.Engine.Tests.Ledger;
using HealthLedger.Engine.Tests.Proofs;

namespace HealthLedger.Engine.Tests.Scenarios;

/// <summary>
/// The seed's stories 3.3.5 to 3.3.9, done with the engine's primitives and an in-memory stand-in for the off-chain
/// store (a dictionary of ciphertexts). The client API and real stores have their own tests.
/// </summary>
public class SeedScenarioTests
{
    private readonly Party _doctor = new("dr-house", Role.Provider);
    private readonly Party _patient = new("patient-ann", Role.Patient);
    private readonly Party _insurer = new("insurer-acme", Role.Insurer);
    private readonly Party _lawyer = new("lawyer-lee", Role.Legal);
    private readonly Party _stranger = new("viewer-999", Role.Insurer);
    private readonly Dictionary<string, byte[]> _store = []; // the third-party database: it only ever sees ciphertext
    private readonly TestChain _chain;

    private static readonly byte[] s_record = "{\"resourceType\":\"Observation\",\"code\":\"HbA1c\",\"value\":6.1,\"unit\":\"%\"}"u8.ToArray();

    public SeedScenarioTests() => _chain = new TestChain(_doctor, _patient, _insurer, _lawyer, _stranger);

    private static ViewerGrant Grant(Party viewer, string pointer, byte[] key) => new(
        viewer.Id,
        SealedBox.Seal(viewer.Box.Scheme, viewer.Box.PublicKey, System.Text.Encoding.UTF8.GetBytes(pointer)),
        SealedBox.Seal(viewer.Box.Scheme, viewer.Box.PublicKey, key),
        0);

    /// <summary>3.3.2: the doctor encrypts, uploads, and registers hash, date, version, viewers, sealed pointers and keys.</summary>
    private (Hash256 RecordId, Transaction Tx) RegisterRecord(byte[] plaintext, params Party[] viewers)
    {
        byte[] key = RecordCipher.NewKey();
        byte[] ciphertext = RecordCipher.Encrypt(key, plaintext);
        string pointer = "blob:" + Convert.ToHexStringLower(SHA256.HashData(ciphertext));
        _store[pointer] = ciphertext;
        var grants = ViewerList.Canonical(viewers.Prepend(_doctor).Select(v => Grant(v, pointer, key)));
        var tx = _doctor.Sign(new RegisterRecord(new RecordFields(Hash256.Compute(plaintext), TestChain.GenesisTimeMs, 1, grants)));
        Assert.Equal(TxResult.Applied, _chain.Submit(tx));
        return (RecordIds.For(_doctor.Id, tx.Sequence), tx);
    }

    /// <summary>3.3.5: the viewer opens its pointer and key, downloads, decrypts, and compares the hash with the ledger.</summary>
    private ReadOutcome Read(Party viewer, Hash256 recordId, out byte[] plaintext)
    {
        plaintext = [];
        var record = _chain.Head.State.GetRecord(recordId)!;
        var grant = record.GrantFor(viewer.Id);
        if (grant is null) return ReadOutcome.NoGrant;
        if (!viewer.Box.TryOpen(grant.EncryptedPointer.Span, out var pointerBytes) || !viewer.Box.TryOpen(grant.EncryptedKey.Span, out var key))
            return ReadOutcome.CannotUnwrap;
        if (!_store.TryGetValue(System.Text.Encoding.UTF8.GetString(pointerBytes), out var ciphertext)) return ReadOutcome.Missing;
        if (!RecordCipher.TryDecrypt(key, ciphertext, out var data)) return ReadOutcome.Damaged;
        if (Hash256.Compute(data) != record.DataHash) return ReadOutcome.Damaged;
        plaintext = data;
        return ReadOutcome.Verified;
    }

    private enum ReadOutcome { Verified, NoGrant, CannotUnwrap, Missing, Damaged }

    [Fact]
    public void Read_with_integrity_check_3_3_5()
    {
        var (id, _) = RegisterRecord(s_record, _patient);
        Assert.Equal(ReadOutcome.NoGrant, Read(_insurer, id, out _));

        // The patient's provider grants the insurer access: a new sealed pointer and key for it.
        Assert.True(_doctor.Box.TryOpen(_chain.Head.State.GetRecord(id)!.GrantFor(_doctor.Id)!.EncryptedKey.Span, out var key));
        Assert.True(_doctor.Box.TryOpen(_chain.Head.State.GetRecord(id)!.GrantFor(_doctor.Id)!.EncryptedPointer.Span, out var pointer));
        Assert.Equal(TxResult.Applied, _chain.Submit(_doctor.Sign(new AddViewer(id, Grant(_insurer, System.Text.Encoding.UTF8.GetString(pointer), key)))));

        Assert.Equal(ReadOutcome.Verified, Read(_insurer, id, out var data));
        Assert.Equal(s_record, data);
        Assert.Equal(ReadOutcome.Verified, Read(_patient, id, out _));
    }

    [Fact]
    public void Damage_in_the_third_party_database_is_detected_3_3_6()
    {
        var (id, _) = RegisterRecord(s_record, _patient);
        var pointer = _store.Keys.Single();
        var damaged = (byte[])_store[pointer].Clone();
        damaged[damaged.Length / 2] ^= 0x01;
        _store[pointer] = damaged;
        Assert.Equal(ReadOutcome.Damaged, Read(_patient, id, out var data));
        Assert.Empty(data); // discarded, not handed out
    }

    [Fact]
    public void A_forged_upload_registers_nothing_3_3_7()
    {
        var rootBefore = _chain.Head.State.Root;
        // Owner I (the stranger) tries to register data under Owner 1's (the doctor's) name without its key.
        var forged = Transaction.Create(_stranger.Key, _doctor.Id, 0, new RegisterRecord(new RecordFields(Hash256.Compute("fake"u8), 0, 1, [])));
        Assert.Equal(TxResult.WrongKey, _chain.Submit(forged));
        Assert.Equal(rootBefore, _chain.Head.State.Root);
        Assert.Null(_chain.Head.State.GetRecord(RecordIds.For(_doctor.Id, 0)));
    }

    [Fact]
    public void Existence_proof_settles_a_denial_3_3_8()
    {
        var (id, tx) = RegisterRecord(s_record, _patient);
        Assert.Equal(ReadOutcome.Verified, Read(_patient, id, out var patientCopy));
        // Ledgers keep closing; the doctor destroys the data.
        _chain.Close();
        _chain.Close();
        _store.Clear();

        var record = _chain.Head.State.GetRecord(id)!;
        var proof = ExistenceProof.Create(_chain.BySequence, record.RegisteredLedger, tx.Id, _chain.Head.Sequence, id);
        var bytes = proof.Encode();

        // The lawyer holds the patient's copy, the proof bytes, and a published checkpoint hash.
        Assert.True(ExistenceProof.TryDecode(bytes, out var received, out _));
        var check = received!.Verify(_chain.Head.Hash);
        Assert.True(check.IsValid, check.Reason);
        Assert.Equal(Hash256.Compute(patientCopy), received.AttestedHash);
        Assert.Equal(_doctor.Id, received.Transaction.Sender);
        Assert.True(IndependentProofVerifier.Verify(bytes, _chain.Head.Hash.ToArray(), SHA256.HashData(patientCopy)));
    }

    [Fact]
    public void An_unwanted_viewer_and_the_database_admin_cannot_read_3_3_9()
    {
        var (id, _) = RegisterRecord(s_record, _patient);
        var record = _chain.Head.State.GetRecord(id)!;
        Assert.Equal(ReadOutcome.NoGrant, Read(_stranger, id, out _));
        // Even holding every sealed box on the ledger, the stranger opens none of them.
        foreach (var grant in record.Viewers)
        {
            Assert.False(_stranger.Box.TryOpen(grant.EncryptedKey.Span, out _));
            Assert.False(_stranger.Box.TryOpen(grant.EncryptedPointer.Span, out _));
        }
        // The database administrator sees only ciphertext: no plaintext bytes appear in it.
        var stored = _store.Values.Single();
        Assert.Equal(-1, stored.AsSpan().IndexOf("HbA1c"u8));
        Assert.False(RecordCipher.TryDecrypt(RecordCipher.NewKey(), stored, out _));
    }
}
