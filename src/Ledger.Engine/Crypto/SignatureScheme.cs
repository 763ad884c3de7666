namespace HealthLedger.Engine.Crypto;

/// <summary>The signature schemes a key can use. The byte value is part of the canonical encoding.</summary>
public enum SignatureScheme : byte
{
    /// <summary>Ed25519 (RFC 8032) from libsodium: 32-byte public keys, 64-byte signatures.</summary>
    Ed25519 = 1,

    /// <summary>ECDSA over NIST P-256 with SHA-256 from the .NET base library: 64-byte public keys (X‖Y), 64-byte signatures (r‖s).</summary>
    EcdsaP256 = 2,
}

/// <summary>
/// One signature scheme: deterministic key derivation from a 32-byte seed, signing and verification.
/// Implementations are stateless and thread-safe.
/// </summary>
public interface ISignatureScheme
{
    /// <summary>The scheme's identifier.</summary>
    SignatureScheme Id { get; }

    /// <summary>Length of a public key in bytes.</summary>
    int PublicKeyLength { get; }

    /// <summary>Length of a signature in bytes.</summary>
    int SignatureLength { get; }

    /// <summary>Derives a key pair from a 32-byte seed; the same seed always gives the same key pair.</summary>
    SigningKey FromSeed(ReadOnlySpan<byte> seed);

    /// <summary>Signs <paramref name="message"/> with the secret key bytes into <paramref name="signature"/>.</summary>
    void Sign(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> under
    /// <paramref name="publicKey"/>. Never throws for malformed keys or signatures: they do not verify.</summary>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}

/// <summary>The available signature schemes and the process default.</summary>
public static class SignatureSchemes
{
    /// <summary>Ed25519 through libsodium.</summary>
    public static ISignatureScheme Ed25519 { get; } = new Ed25519Scheme();

    /// <summary>ECDSA P-256 through System.Security.Cryptography.</summary>
    public static ISignatureScheme EcdsaP256 { get; } = new EcdsaP256Scheme();

    /// <summary>Ed25519 when libsodium loads, otherwise ECDSA P-256.</summary>
    public static ISignatureScheme Default => Sodium.IsAvailable ? Ed25519 : EcdsaP256;

    /// <summary>One line explaining the fallback when libsodium could not be loaded; null when it loaded.
    /// Hosts print it once at start.</summary>
    public static string? FallbackNotice => Sodium.IsAvailable
        ? null
        : $"libsodium could not be loaded ({Sodium.LoadError}); falling back to ECDSA P-256 signatures and P-256 key wrapping.";

    /// <summary>The scheme with the given identifier, or null for an unknown identifier.</summary>
    public static ISignatureScheme? TryGet(SignatureScheme id) => id switch
    {
        SignatureScheme.Ed25519 => Ed25519,
        SignatureScheme.EcdsaP256 => EcdsaP256,
        _ => null,
    };

    /// <summary>The scheme with the given identifier.</summary>
    public static ISignatureScheme Get(SignatureScheme id) =>
        TryGet(id) ?? throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown signature scheme.");
}
