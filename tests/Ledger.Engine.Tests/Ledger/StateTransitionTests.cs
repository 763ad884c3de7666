using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Tests.Ledger;

public class StateTransitionTests
{
    private static RecordFields Fields(Hash256 data, uint version, params ViewerGrant[] viewers) =>
        new(data, TestChain.GenesisTimeMs, version, ViewerList.Canonical(viewers));

    private static ViewerGrant GrantTo(Party viewer) =>
        new(viewer.Id, SealedBox.Seal(viewer.Box.Scheme, viewer.Box.PublicKey, "blob:1"u8), SealedBox.Seal(viewer.Box.Scheme, viewer.Box.PublicKey, new byte[32]), 0);

    [Fact]
    public void Registrar_registers_users_and_they_transact()
    {
        var doctor = new Party("doctor", Role.Provider);
        var chain = new TestChain();
        chain.Register(doctor);
        Assert.NotNull(chain.Head.State.GetAccount(doctor.Id));

        var data = Hash256.Compute("lab result"u8);
        Assert.Equal(TxResult.Applied, chain.Submit(doctor.Sign(new RegisterRecord(Fields(data, 1)))));
        var record = chain.Head.State.GetRecord(RecordIds.For(doctor.Id, 0));
        Assert.NotNull(record);
        Assert.Equal(data, record.DataHash);
        Assert.Equal(1u, record.Version);
        Assert.Equal(chain.Head.Sequence, record.RegisteredLedger);
    }

    [Fact]
    public void Only_registrars_register_users()
    {
        var doctor = new Party("doctor", Role.Provider);
        var mallory = new Party("mallory", Role.Patient);
        var chain = new TestChain(doctor);
        Assert.Equal(TxResult.RoleNotPermitted, chain.Submit(doctor.Sign(mallory.Registration())));
        Assert.Null(chain.Head.State.GetAccount(mallory.Id));
    }

    [Fact]
    public void Unregistered_key_is_rejected_as_unknown_signer()
    {
        var stranger = new Party("stranger", Role.Provider);
        var chain = new TestChain();
        Assert.Equal(TxResult.UnknownSigner, chain.Submit(stranger.Sign(new RegisterRecord(Fields(Hash256.Compute("x"u8), 1)))));
    }

    [Fact]
    public void New_version_links_previous_and_only_once()
    {
        var doctor = new Party("doctor", Role.Provider);
        var chain = new TestChain(doctor);
        var v1Hash = Hash256.Compute("v1"u8);
        var v2Hash = Hash256.Compute("v2"u8);
        Assert.Equal(TxResult.Applied, chain.Submit(doctor.Sign(new RegisterRecord(Fields(v1Hash, 1)))));
        var v1 = RecordIds.For(doctor.Id, 0);
        Assert.Equal(TxResult.Applied, chain.Submit(doctor.Sign(new NewVersion(v1, Fields(v2Hash, 2)))));
        var v2 = RecordIds.For(doctor.Id, 1);

        var first = chain.Head.State.GetRecord(v1)!;
        Assert.Equal(v2, first.Next);
        Assert.Equal(v2Hash, first.NextHash);
        Assert.False(first.IsLatest);
        Assert.Equal(v1, chain.Head.State.GetRecord(v2)!.Previous);
        Assert.Equal(v2, chain.Head.State.GetLatestVersion(v1)!.Id);

        Assert.Equal(TxResult.VersionSuperseded, chain.Submit(doctor.Sign(new NewVersion(v1, Fields(Hash256.Compute("fork"u8), 2)))));
        Assert.Equal(TxResult.BadVersion, chain.Submit(doctor.Sign(new NewVersion(v2, Fields(Hash256.Compute("v3"u8), 7)))));
    }

    [Fact]
    public void Non_owner_cannot_version_or_change_viewers()
    {
        var doctor = new Party("doctor", Role.Provider);
        var other = new Party("other-doctor", Role.Provider);
        var patient = new Party("patient", Role.Patient);
        var chain = new TestChain(doctor, other, patient);
        chain.Submit(doctor.Sign(new RegisterRecord(Fields(Hash256.Compute("v1"u8), 1))));
        var id = RecordIds.For(doctor.Id, 0);
        Assert.Equal(TxResult.NotOwner, chain.Submit(other.Sign(new NewVersion(id, Fields(Hash256.Compute("x"u8), 2)))));
        Assert.Equal(TxResult.NotOwner, chain.Submit(other.Sign(new AddViewer(id, GrantTo(patient)))));
        Assert.Equal(TxResult.NotOwner, chain.Submit(other.Sign(new RemoveViewer(id, patient.Id))));
        Assert.True(chain.Head.State.GetRecord(id)!.IsLatest);
    }

    [Fact]
    public void Add_and_remove_viewer_and_expiry()
    {
        var doctor = new Party("doctor", Role.Provider);
        var patient = new Party("patient", Role.Patient);
        var insurer = new Party("insurer", Role.Insurer);
        var chain = new TestChain(doctor, patient, insurer);
        chain.Submit(doctor.Sign(new RegisterRecord(Fields(Hash256.Compute("v1"u8), 1, GrantTo(patient)))));
        var id = RecordIds.For(doctor.Id, 0);

        Assert.Equal(TxResult.Applied, chain.Submit(doctor.Sign(new AddViewer(id, GrantTo(insurer)))));
        Assert.Equal(TxResult.ViewerExists, chain.Submit(doctor.Sign(new AddViewer(id, GrantTo(insurer)))));
        Assert.NotNull(chain.Head.State.GetRecord(id)!.GrantFor(insurer.Id));

        long expiry = chain.Head.CloseTimeMs + 5000;
        Assert.Equal(TxResult.Applied, chain.Submit(doctor.Sign(new SetLinkExpiry(id, insurer.Id, expiry))));
        var grant = chain.Head.State.GetRecord(id)!.GrantFor(insurer.Id)!;
        Assert.True(grant.IsActiveAt(expiry - 1));
        Assert.False(grant.IsActiveAt(expiry));

        Assert.Equal(TxResult.Applied, chain.Submit(doctor.Sign(new RemoveViewer(id, insurer.Id))));
        Assert.Null(chain.Head.State.GetRecord(id)!.GrantFor(insurer.Id));
        Assert.Equal(TxResult.ViewerNotFound, chain.Submit(doctor.Sign(new RemoveViewer(id, insurer.Id))));
        Assert.NotNull(chain.Head.State.GetRecord(id)!.GrantFor(patient.Id));
    }

    [Fact]
    public void Viewer_must_be_registered()
    {
        var doctor = new Party("doctor", Role.Provider);
        var ghost = new Party("ghost", Role.Patient);
        var chain = new TestChain(doctor);
        Assert.Equal(TxResult.ViewerUnknown, chain.Submit(doctor.Sign(new RegisterRecord(Fields(Hash256.Compute("v1"u8), 1, GrantTo(ghost))))));
    }

    [Fact]
    public void Insurers_cannot_own_records()
    {
        var insurer = new Party("insurer", Role.Insurer);
        var chain = new TestChain(insurer);
        Assert.Equal(TxResult.RoleNotPermitted, chain.Submit(insurer.Sign(new RegisterRecord(Fields(Hash256.Compute("claim"u8), 1)))));
    }

    [Fact]
    public void Replayed_and_future_sequences_are_rejected()
    {
        var doctor = new Party("doctor", Role.Provider);
        var chain = new TestChain(doctor);
        var tx = doctor.Sign(new Notarize(Hash256.Compute("doc"u8), []));
        Assert.Equal(TxResult.Applied, chain.Submit(tx));
        Assert.Equal(TxResult.Replayed, chain.Submit(tx));
        doctor.NextSequence += 5;
        Assert.Equal(TxResult.SequenceAhead, chain.Submit(doctor.Sign(new Notarize(Hash256.Compute("doc2"u8), []))));
    }

    [Fact]
    public void Out_of_order_sequences_in_one_set_apply_in_canonical_order()
    {
        var doctor = new Party("doctor", Role.Provider);
        var chain = new TestChain(doctor);
        var a = doctor.Sign(new Notarize(Hash256.Compute("a"u8), []));
        var b = doctor.Sign(new Notarize(Hash256.Compute("b"u8), []));
        var c = doctor.Sign(new Notarize(Hash256.Compute("c"u8), []));
        var result = chain.Close(c, a, b);
        Assert.Empty(result.Rejected);
        Assert.Equal([a.Id, b.Id, c.Id], result.Ledger.Transactions.Select(t => t.Id));
    }

    [Fact]
    public void Registration_and_first_use_in_one_set_apply_through_retry()
    {
        var patient = new Party("patient", Role.Patient);
        var chain = new TestChain();
        var register = chain.Registrar.Sign(patient.Registration());
        var use = patient.Sign(new Notarize(Hash256.Compute("vaccination"u8), "immunization"u8.ToArray()));
        var result = chain.Close(use, register);
        Assert.Empty(result.Rejected);
        Assert.Equal(2, result.Ledger.Transactions.Count);
    }

    [Fact]
    public void Expired_transaction_is_rejected()
    {
        var doctor = new Party("doctor", Role.Provider);
        var chain = new TestChain(doctor);
        chain.Close();
        chain.Close();
        Assert.Equal(TxResult.Expired, chain.Submit(doctor.Sign(new Notarize(Hash256.Compute("late"u8), []), lastValidLedger: 2)));
    }

    [Fact]
    public void Notarization_is_once_per_account_and_document()
    {
        var doctor = new Party("doctor", Role.Provider);
        var patient = new Party("patient", Role.Patient);
        var chain = new TestChain(doctor, patient);
        var doc = Hash256.Compute("immunization certificate"u8);
        Assert.Equal(TxResult.Applied, chain.Submit(doctor.Sign(new Notarize(doc, []))));
        Assert.Equal(TxResult.AlreadyNotarized, chain.Submit(doctor.Sign(new Notarize(doc, []))));
        Assert.Equal(TxResult.Applied, chain.Submit(patient.Sign(new Notarize(doc, []))));
        var entry = chain.Head.State.GetNotarization(doctor.Id, doc)!;
        Assert.Equal(doctor.Id, entry.Account);
    }

    [Fact]
    public void Key_rotation_needs_proof_and_retires_the_old_key()
    {
        var patient = new Party("patient", Role.Patient);
        var chain = new TestChain(patient);
        var newKey = SigningKey.FromLabel(SignatureSchemes.Ed25519, "patient-own-key");
        var newBox = BoxKeyPair.FromLabel(BoxScheme.X25519, "patient-own-key");

        var forgedProof = new byte[64];
        Assert.Equal(TxResult.BadProofOfPossession, chain.Submit(patient.Sign(new RotateKey(newKey.Public, newBox.Scheme, newBox.PublicKey, forgedProof))));

        ulong seq = patient.NextSequence;
        var proof = newKey.Sign(RotateKey.ProofMessage(patient.Id, seq));
        Assert.Equal(TxResult.Applied, chain.Submit(patient.Sign(new RotateKey(newKey.Public, newBox.Scheme, newBox.PublicKey, proof))));
        Assert.Equal(newKey.Public, chain.Head.State.GetAccount(patient.Id)!.SigningKey);

        // The old key no longer signs for the account; the new one does.
        Assert.Equal(TxResult.WrongKey, chain.Submit(patient.Sign(new Notarize(Hash256.Compute("x"u8), []))));
        var withNewKey = Transaction.Create(newKey, patient.Id, patient.NextSequence++, new Notarize(Hash256.Compute("x"u8), []));
        Assert.Equal(TxResult.Applied, chain.Submit(withNewKey));
    }

    [Fact]
    public void Ecdsa_p256_accounts_work_like_ed25519_ones()
    {
        var doctor = new Party("p256-doctor", Role.Provider, SignatureSchemes.EcdsaP256);
        var chain = new TestChain();
        chain.Register(doctor);
        Assert.Equal(TxResult.Applied, chain.Submit(doctor.Sign(new RegisterRecord(Fields(Hash256.Compute("x"u8), 1)))));
    }
}
