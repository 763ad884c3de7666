namespace HealthLedger.Sim.Risk.Sampling;

/// <summary>
/// A small seeded generator (Steele, Lea and Flood's SplitMix64) whose output is fixed by its seed on every platform
/// and .NET version, so a sampled figure reproduces from the seed the report prints. Not for cryptography.
/// </summary>
public sealed class SplitMix64
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    /// <summary>Starts the stream at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += GoldenGamma;
        return Mix(_state);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias.</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        // Rejection sampling: drop the top partial block of 2^64 so every residue is equally likely.
        ulong limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong draw;
        do draw = NextUInt64(); while (draw >= limit);
        return (int)(draw % (ulong)bound);
    }

    /// <summary>
    /// <paramref name="count"/> distinct integers from [0, <paramref name="range"/>), uniformly among all such sets,
    /// in increasing order (a partial Fisher-Yates shuffle).
    /// </summary>
    public List<int> ChooseDistinct(int range, int count)
    {
        if (count < 0 || count > range) throw new ArgumentOutOfRangeException(nameof(count), count, $"Cannot choose {count} of {range}.");
        var pool = Enumerable.Range(0, range).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + NextInt(range - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        var chosen = pool.Take(count).ToList();
        chosen.Sort();
        return chosen;
    }

    /// <summary>A seed for sub-stream <paramref name="index"/> of <paramref name="seed"/>, so trials are independent of
    /// the order they run in and can later run in parallel.</summary>
    public static ulong Derive(ulong seed, ulong index) => Mix(seed ^ Mix(index + GoldenGamma));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
