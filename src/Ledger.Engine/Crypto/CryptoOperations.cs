namespace HealthLedger.Engine.Crypto;

/// <summary>Ed25519 operations done in this process, all threads: what a run cost in signatures (for a figure such as
/// "each transaction verified once"; an atomic add beside a 20-50 µs operation).</summary>
/// <param name="Signatures">Signatures made.</param>
/// <param name="Verifications">Verifications done (of well-formed keys and signatures).</param>
public readonly record struct CryptoOperations(long Signatures, long Verifications)
{
    /// <summary>The operations done in this process so far.</summary>
    public static CryptoOperations Ed25519 => Ed25519Scheme.Count;

    /// <summary>The operations between two readings.</summary>
    public static CryptoOperations operator -(CryptoOperations after, CryptoOperations before) =>
        new(after.Signatures - before.Signatures, after.Verifications - before.Verifications);
}
