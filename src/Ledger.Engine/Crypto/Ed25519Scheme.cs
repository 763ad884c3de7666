namespace HealthLedger.Engine.Crypto;

/// <summary>Ed25519 signatures from libsodium (deterministic: the same key and message give the same signature).</summary>
internal sealed class Ed25519Scheme : ISignatureScheme
{
    public SignatureScheme Id => SignatureScheme.Ed25519;
    public int PublicKeyLength => Sodium.SignPublicKeyBytes;
    public int SignatureLength => Sodium.SignBytes;

    public SigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        RequireSodium();
        if (seed.Length != Sodium.SignSeedBytes) ThrowHelper.ArgumentLength(nameof(seed), Sodium.SignSeedBytes, seed.Length);
        var pk = new byte[Sodium.SignPublicKeyBytes];
        var sk = new byte[Sodium.SignSecretKeyBytes];
        Sodium.crypto_sign_seed_keypair(pk, sk, seed);
        return new SigningKey(this, new PublicKey(SignatureScheme.Ed25519, pk), sk);
    }

    public void Sign(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        RequireSodium();
        if (signature.Length < Sodium.SignBytes) ThrowHelper.ArgumentLength(nameof(signature), Sodium.SignBytes, signature.Length);
        Sodium.crypto_sign_detached(signature, out _, message, (ulong)message.Length, secretKey);
        Interlocked.Increment(ref s_signatures);
    }

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != Sodium.SignPublicKeyBytes || signature.Length != Sodium.SignBytes || !Sodium.IsAvailable)
            return false;
        Interlocked.Increment(ref s_verifications);
        t_verifications++;
        return Sodium.crypto_sign_verify_detached(signature, message, (ulong)message.Length, publicKey) == 0;
    }

    private static long s_signatures, s_verifications;

    [ThreadStatic] private static long t_verifications;

    /// <summary>Verifications the calling thread has done so far.</summary>
    internal static long VerificationsOnThisThread => t_verifications;

    /// <summary>Signatures made and verifications done in this process so far, all threads.</summary>
    internal static CryptoOperations Count => new(Volatile.Read(ref s_signatures), Volatile.Read(ref s_verifications));

    private static void RequireSodium()
    {
        if (!Sodium.IsAvailable) ThrowHelper.InvalidOperation($"Ed25519 needs libsodium, which did not load: {Sodium.LoadError}");
    }
}
