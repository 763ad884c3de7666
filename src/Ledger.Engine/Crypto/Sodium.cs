using System.Runtime.InteropServices;

namespace HealthLedger.Engine.Crypto;

/// <summary>
/// The whole libsodium binding: the handful of functions HealthLedger uses, bound with source-generated
/// <c>[LibraryImport]</c> stubs. The machines ship <c>libsodium.so.23</c>; other names are tried for other systems.
/// </summary>
internal static partial class Sodium
{
    private const string Library = NativeLibraries.Sodium;

    public const int SignPublicKeyBytes = 32;
    public const int SignSecretKeyBytes = 64;
    public const int SignSeedBytes = 32;
    public const int SignBytes = 64;
    public const int BoxPublicKeyBytes = 32;
    public const int BoxSecretKeyBytes = 32;
    public const int BoxMacBytes = 16;
    public const int BoxNonceBytes = 24;
    public const int SealBytes = BoxPublicKeyBytes + BoxMacBytes;

    private static readonly Lazy<string?> s_loadError = new(Initialize);

    /// <summary>Null when libsodium loaded and initialised; otherwise why it did not.</summary>
    public static string? LoadError => s_loadError.Value;

    /// <summary>True when libsodium is usable in this process.</summary>
    public static bool IsAvailable => LoadError is null;

    private static string? Initialize()
    {
        NativeLibraries.EnsureRegistered();
        try
        {
            return sodium_init() >= 0 ? null : "sodium_init() failed";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return e.Message;
        }
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    public static partial int crypto_sign_seed_keypair(Span<byte> pk, Span<byte> sk, ReadOnlySpan<byte> seed);

    [LibraryImport(Library)]
    public static partial int crypto_sign_detached(Span<byte> sig, out ulong siglen, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> sk);

    [LibraryImport(Library)]
    public static partial int crypto_sign_verify_detached(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> pk);

    [LibraryImport(Library)]
    public static partial int crypto_box_seed_keypair(Span<byte> pk, Span<byte> sk, ReadOnlySpan<byte> seed);

    [LibraryImport(Library)]
    public static partial int crypto_box_easy(Span<byte> c, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> n, ReadOnlySpan<byte> pk, ReadOnlySpan<byte> sk);

    [LibraryImport(Library)]
    public static partial int crypto_box_seal_open(Span<byte> m, ReadOnlySpan<byte> c, ulong clen, ReadOnlySpan<byte> pk, ReadOnlySpan<byte> sk);

    [LibraryImport(Library)]
    public static partial int crypto_generichash(Span<byte> @out, nuint outlen, ReadOnlySpan<byte> @in, ulong inlen, ReadOnlySpan<byte> key, nuint keylen);
}
