using HealthLedger.Engine.Crypto;

namespace HealthLedger.Bench.Commands;

/// <summary>This process's collections per generation, collection pauses, managed allocation, JIT work and Ed25519
/// operations at one moment; the difference of two readings (<c>later - earlier</c>) is what happened between them.</summary>
internal readonly record struct RuntimeCounters(int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long AllocatedBytes, TimeSpan Jit, long JitMethods,
    CryptoOperations Ed25519)
{
    public static RuntimeCounters Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
        GC.GetTotalAllocatedBytes(precise: true), System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount(),
        CryptoOperations.Ed25519);

    public static RuntimeCounters operator -(RuntimeCounters later, RuntimeCounters earlier) => new(later.Gen0 - earlier.Gen0, later.Gen1 - earlier.Gen1,
        later.Gen2 - earlier.Gen2, later.GcPause - earlier.GcPause, later.AllocatedBytes - earlier.AllocatedBytes, later.Jit - earlier.Jit,
        later.JitMethods - earlier.JitMethods, later.Ed25519 - earlier.Ed25519);

    /// <summary>Collections per generation (0, 1, 2), as the reports list them.</summary>
    public int[] Collections => [Gen0, Gen1, Gen2];
}
