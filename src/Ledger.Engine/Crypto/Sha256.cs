using System.Security.Cryptography;

namespace HealthLedger.Engine.Crypto;

/// <summary>
/// SHA-256 through a per-thread reusable <see cref="IncrementalHash"/>. On Linux the one-shot
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> creates and frees an OpenSSL digest context per
/// call; reusing one cuts about a quarter of the cost of the small hashes (tree nodes, ids) the ledger computes by the
/// million. Same digests, of course.
/// </summary>
internal static class Sha256
{
    [ThreadStatic] private static IncrementalHash? t_hash;

    /// <summary>Writes SHA-256(<paramref name="data"/>) into <paramref name="digest"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        var hash = t_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(data);
        hash.GetHashAndReset(digest);
    }
}
