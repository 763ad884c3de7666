using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HealthLedger.Engine.Crypto;

/// <summary>
/// SHA-256 for the ledger's many small hashes (ids, trie and Merkle nodes, leaves). .NET's own SHA-256 on Linux goes
/// through OpenSSL's EVP layer, whose fixed cost per call (context setup, error-queue clearing, a provider lookup)
/// is about 1 µs, several times the hashing of a 100-byte input. Here the same library's direct
/// <c>SHA256_Init/Update/Final</c> run on a context on the stack (SHA-NI accelerated where the CPU has it), without GC
/// transitions for inputs small enough to take well under a microsecond. Where libcrypto cannot be loaded, a
/// per-thread <see cref="IncrementalHash"/> gives the same digests.
/// </summary>
internal static partial class Sha256
{
    /// <summary>SHA256_CTX is 112 bytes in OpenSSL 1.1 and 3.x; a little slack costs nothing.</summary>
    private const int ContextBytes = 128;

    /// <summary>Inputs up to this size are hashed without a GC transition (a few µs at most with SHA-NI).</summary>
    private const int SmallInput = 16 * 1024;

    private static readonly bool s_native = ProbeNative();

    [ThreadStatic] private static IncrementalHash? t_hash;

    /// <summary>True when the direct libcrypto path is in use (otherwise the managed fallback).</summary>
    public static bool IsNative => s_native;

    /// <summary>Writes SHA-256(<paramref name="data"/>) into <paramref name="digest"/> (32 bytes).</summary>
    [SkipLocalsInit]
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (s_native)
        {
            Span<byte> context = stackalloc byte[ContextBytes];
            if (data.Length <= SmallInput)
            {
                SHA256_Init(context);
                SHA256_Update(context, data, (nuint)data.Length);
                SHA256_Final(digest, context);
            }
            else
            {
                SHA256_Init(context);
                SHA256_Update_Large(context, data, (nuint)data.Length);
                SHA256_Final(digest, context);
            }
            return;
        }
        var hash = t_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(data);
        hash.GetHashAndReset(digest);
    }

    private static bool ProbeNative()
    {
        NativeLibraries.EnsureRegistered();
        try
        {
            // Known answer: SHA-256("abc").
            Span<byte> digest = stackalloc byte[32];
            Span<byte> context = stackalloc byte[ContextBytes];
            SHA256_Init(context);
            SHA256_Update(context, "abc"u8, 3);
            SHA256_Final(digest, context);
            return digest.SequenceEqual(SHA256.HashData("abc"u8));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    [LibraryImport(NativeLibraries.Crypto)]
    [SuppressGCTransition]
    private static partial int SHA256_Init(Span<byte> context);

    [LibraryImport(NativeLibraries.Crypto)]
    [SuppressGCTransition]
    private static partial int SHA256_Update(Span<byte> context, ReadOnlySpan<byte> data, nuint length);

    [LibraryImport(NativeLibraries.Crypto, EntryPoint = "SHA256_Update")]
    private static partial int SHA256_Update_Large(Span<byte> context, ReadOnlySpan<byte> data, nuint length);

    [LibraryImport(NativeLibraries.Crypto)]
    [SuppressGCTransition]
    private static partial int SHA256_Final(Span<byte> digest, Span<byte> context);
}
