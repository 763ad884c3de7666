using System.Reflection;
using System.Runtime.InteropServices;

namespace HealthLedger.Engine.Crypto;

/// <summary>
/// Where the engine's two native libraries are found: libsodium (<see cref="Sodium"/>) and OpenSSL's libcrypto
/// (<see cref="Sha256"/>). .NET allows one import resolver per assembly, so both bindings register this one.
/// </summary>
internal static class NativeLibraries
{
    public const string Sodium = "sodium";
    public const string Crypto = "crypto";

    private static readonly string[] s_sodiumNames = ["libsodium.so.23", "libsodium.so.26", "libsodium.so", "libsodium.dylib", "libsodium"];
    private static readonly string[] s_cryptoNames = ["libcrypto.so.3", "libcrypto.so", "libcrypto.3.dylib", "libcrypto"];
    private static int s_registered;

    /// <summary>Installs the resolver once per process; later calls do nothing.</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) != 0) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for this assembly; it stays in force.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        var candidates = name switch
        {
            Sodium => s_sodiumNames,
            Crypto => s_cryptoNames,
            _ => [],
        };
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle)) return handle;
        }
        return IntPtr.Zero;
    }
}
