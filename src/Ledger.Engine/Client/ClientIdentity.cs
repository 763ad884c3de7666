using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Client;

/// <summary>Who a client acts as: the account it signs for, the key it signs with (the account's current key) and
/// the box key pair that opens the grants sealed to it. Holds secret material: never log it.</summary>
/// <param name="AccountId">The account id (the first key's id; it stays the same when the key rotates).</param>
/// <param name="Signer">The account's current signing key.</param>
/// <param name="Box">The key pair grants are sealed to.</param>
/// <param name="Name">A name for logs and the demo; not part of anything signed.</param>
public sealed record ClientIdentity(Hash256 AccountId, SigningKey Signer, BoxKeyPair Box, string Name)
{
    /// <summary>An identity whose account id is its signing key's id (a newly issued key pair).</summary>
    public ClientIdentity(SigningKey signer, BoxKeyPair box, string name) : this(signer.Public.Id, signer, box, name) { }

    /// <summary>Keys derived from <paramref name="label"/> (Ed25519 or its fallback, X25519 or its fallback): for
    /// demos, tests and a registrar's predetermined key pairs, never for real secrets.</summary>
    public static ClientIdentity FromLabel(string label) =>
        new(SigningKey.FromLabel(SignatureSchemes.Default, label), BoxKeyPair.FromLabel(SealedBox.DefaultScheme, label), label);

    /// <summary>This identity as a founding account of a genesis ledger.</summary>
    public GenesisAccount ToGenesisAccount(Role role, ValidatorGroup group = ValidatorGroup.None) =>
        new(Signer.Public, Box.Scheme, Box.PublicKey, role, group);

    /// <summary>The payload a registrar submits to register this identity (seed 3.3.1).</summary>
    public RegisterUser ToRegistration(Role role, ValidatorGroup group = ValidatorGroup.None) =>
        new(Signer.Public, Box.Scheme, Box.PublicKey, role, group);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({AccountId.ToShortString()})";
}
