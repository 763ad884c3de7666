using System.Security.Cryptography;

namespace HealthLedger.Engine.Crypto;

/// <summary>The key-wrapping schemes: how a record key or pointer is encrypted to one named viewer.</summary>
public enum BoxScheme : byte
{
    /// <summary>libsodium's X25519 sealed box (crypto_box_seal): 32-byte public keys, 48 bytes of overhead.</summary>
    X25519 = 1,

    /// <summary>Fallback when libsodium is absent: ephemeral ECDH on P-256, HKDF-SHA256, AES-256-GCM; 64-byte public
    /// keys, 80 bytes of overhead.</summary>
    P256 = 2,
}

/// <summary>A recipient's key pair for opening sealed boxes. Holds secret material: never encode or log it.</summary>
public sealed class BoxKeyPair
{
    private readonly byte[] _secret;

    private BoxKeyPair(BoxScheme scheme, byte[] publicKey, byte[] secret)
    {
        Scheme = scheme;
        PublicKey = publicKey;
        _secret = secret;
    }

    /// <summary>The scheme.</summary>
    public BoxScheme Scheme { get; }

    /// <summary>The public key that senders seal to.</summary>
    public byte[] PublicKey { get; }

    /// <summary>Derives a key pair from a 32-byte seed.</summary>
    public static BoxKeyPair FromSeed(BoxScheme scheme, ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) ThrowHelper.ArgumentLength(nameof(seed), 32, seed.Length);
        switch (scheme)
        {
            case BoxScheme.X25519:
                var pk = new byte[Sodium.BoxPublicKeyBytes];
                var sk = new byte[Sodium.BoxSecretKeyBytes];
                if (!Sodium.IsAvailable) ThrowHelper.InvalidOperation($"X25519 needs libsodium, which did not load: {Sodium.LoadError}");
                Sodium.crypto_box_seed_keypair(pk, sk, seed);
                return new BoxKeyPair(scheme, pk, sk);
            case BoxScheme.P256:
                var (d, q) = P256Box.Derive(seed);
                return new BoxKeyPair(scheme, q, d);
            default:
                throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown box scheme.");
        }
    }

    /// <summary>Derives a key pair from a label: for tests and simulations, never for real secrets.</summary>
    public static BoxKeyPair FromLabel(BoxScheme scheme, string label) =>
        FromSeed(scheme, Hash256.Compute(System.Text.Encoding.UTF8.GetBytes("box:" + label)).ToArray());

    /// <summary>Opens a sealed box addressed to this key pair. Returns false (and no plaintext) when the box was
    /// sealed to another key or was altered.</summary>
    public bool TryOpen(ReadOnlySpan<byte> box, out byte[] message)
    {
        message = [];
        switch (Scheme)
        {
            case BoxScheme.X25519:
                if (box.Length < Sodium.SealBytes || !Sodium.IsAvailable) return false;
                var m = new byte[box.Length - Sodium.SealBytes];
                if (Sodium.crypto_box_seal_open(m, box, (ulong)box.Length, PublicKey, _secret) != 0) return false;
                message = m;
                return true;
            case BoxScheme.P256:
                return P256Box.TryOpen(_secret, PublicKey, box, out message);
            default:
                return false;
        }
    }
}

/// <summary>Sealing: anonymous public-key encryption to one recipient.</summary>
public static class SealedBox
{
    /// <summary>X25519 when libsodium loads, otherwise P-256.</summary>
    public static BoxScheme DefaultScheme => Sodium.IsAvailable ? BoxScheme.X25519 : BoxScheme.P256;

    /// <summary>Bytes a sealed box adds to its message.</summary>
    public static int Overhead(BoxScheme scheme) => scheme == BoxScheme.X25519 ? Sodium.SealBytes : P256Box.Overhead;

    /// <summary>Seals <paramref name="message"/> to <paramref name="recipientPublicKey"/> using an ephemeral key pair
    /// derived from <paramref name="ephemeralSeed"/> (32 bytes). The same inputs give the same box, which keeps
    /// simulations reproducible; callers outside a simulation pass fresh random bytes (see <see cref="Seal(BoxScheme, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>).
    /// For X25519 the output is byte-compatible with libsodium's crypto_box_seal and opens with crypto_box_seal_open.</summary>
    public static byte[] Seal(BoxScheme scheme, ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> ephemeralSeed)
    {
        if (ephemeralSeed.Length != 32) ThrowHelper.ArgumentLength(nameof(ephemeralSeed), 32, ephemeralSeed.Length);
        if (scheme == BoxScheme.P256) return P256Box.Seal(recipientPublicKey, message, ephemeralSeed);
        if (scheme != BoxScheme.X25519) throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown box scheme.");
        if (recipientPublicKey.Length != Sodium.BoxPublicKeyBytes)
            ThrowHelper.ArgumentLength(nameof(recipientPublicKey), Sodium.BoxPublicKeyBytes, recipientPublicKey.Length);
        if (!Sodium.IsAvailable) ThrowHelper.InvalidOperation($"X25519 needs libsodium, which did not load: {Sodium.LoadError}");

        Span<byte> esk = stackalloc byte[Sodium.BoxSecretKeyBytes];
        var output = new byte[Sodium.SealBytes + message.Length];
        Span<byte> epk = output.AsSpan(0, Sodium.BoxPublicKeyBytes);
        Sodium.crypto_box_seed_keypair(epk, esk, ephemeralSeed);

        // The nonce is BLAKE2b-192(epk || pk), exactly as crypto_box_seal computes it.
        Span<byte> nonceInput = stackalloc byte[2 * Sodium.BoxPublicKeyBytes];
        epk.CopyTo(nonceInput);
        recipientPublicKey.CopyTo(nonceInput[Sodium.BoxPublicKeyBytes..]);
        Span<byte> nonce = stackalloc byte[Sodium.BoxNonceBytes];
        Sodium.crypto_generichash(nonce, (nuint)nonce.Length, nonceInput, (ulong)nonceInput.Length, default, 0);

        Sodium.crypto_box_easy(output.AsSpan(Sodium.BoxPublicKeyBytes), message, (ulong)message.Length, nonce, recipientPublicKey, esk);
        CryptographicOperations.ZeroMemory(esk);
        return output;
    }

    /// <summary>Seals with a fresh random ephemeral key (the ordinary client path).</summary>
    public static byte[] Seal(BoxScheme scheme, ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> message)
    {
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        return Seal(scheme, recipientPublicKey, message, seed);
    }
}

/// <summary>The P-256 fallback box: epk(64) ‖ AES-256-GCM(key = HKDF-SHA256(ECDH, salt = epk ‖ pk), nonce = 0) ‖ tag(16).
/// The zero nonce is safe because every box uses a fresh ephemeral key and so a fresh AES key.</summary>
internal static class P256Box
{
    private const int PointBytes = 64;
    private const int TagBytes = 16;
    public const int Overhead = PointBytes + TagBytes;
    private static readonly byte[] s_info = "healthledger-p256-box-v1"u8.ToArray();

    /// <summary>A P-256 scalar and its point from a seed, through the same derivation as ECDSA keys.</summary>
    public static (byte[] D, byte[] Q) Derive(ReadOnlySpan<byte> seed)
    {
        var key = SignatureSchemes.EcdsaP256.FromSeed(SHA256.HashData(seed));
        return (key.Secret.ToArray(), key.Public.Bytes.ToArray());
    }

    private static ECPoint Point(ReadOnlySpan<byte> q) => new() { X = q[..32].ToArray(), Y = q[32..].ToArray() };

    private static byte[] Key(ECDiffieHellman own, ReadOnlySpan<byte> peer, ReadOnlySpan<byte> epk, ReadOnlySpan<byte> pk)
    {
        using var peerKey = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = Point(peer) });
        byte[] shared = own.DeriveRawSecretAgreement(peerKey.PublicKey);
        var salt = new byte[2 * PointBytes];
        epk.CopyTo(salt);
        pk.CopyTo(salt.AsSpan(PointBytes));
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt, s_info);
    }

    public static byte[] Seal(ReadOnlySpan<byte> recipient, ReadOnlySpan<byte> message, ReadOnlySpan<byte> ephemeralSeed)
    {
        if (recipient.Length != PointBytes) ThrowHelper.ArgumentLength(nameof(recipient), PointBytes, recipient.Length);
        var (ed, eq) = Derive(ephemeralSeed);
        using var own = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = ed, Q = Point(eq) });
        byte[] key = Key(own, recipient, eq, recipient);
        var output = new byte[Overhead + message.Length];
        eq.CopyTo(output, 0);
        using var gcm = new AesGcm(key, TagBytes);
        gcm.Encrypt(stackalloc byte[12], message, output.AsSpan(PointBytes, message.Length), output.AsSpan(PointBytes + message.Length));
        return output;
    }

    public static bool TryOpen(byte[] d, byte[] q, ReadOnlySpan<byte> box, out byte[] message)
    {
        message = [];
        if (box.Length < Overhead) return false;
        try
        {
            using var own = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d, Q = Point(q) });
            byte[] key = Key(own, box[..PointBytes], box[..PointBytes], q);
            var m = new byte[box.Length - Overhead];
            using var gcm = new AesGcm(key, TagBytes);
            gcm.Decrypt(stackalloc byte[12], box.Slice(PointBytes, m.Length), box[^TagBytes..], m);
            message = m;
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
