using System.Text;

namespace HealthLedger.Sim.Core;

/// <summary>
/// The simulator's random source: xoshiro256** seeded through SplitMix64. Written out here rather than taken from
/// <see cref="System.Random"/> so that a seed gives the same stream on every .NET version and platform. Each component
/// (network, workload, each node, each adversary) draws from its own stream, derived from the root seed and the
/// component's name, so adding draws in one component never shifts another's.
/// </summary>
public sealed class SimRandom : Random
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream seeded from <paramref name="seed"/>.</summary>
    public SimRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        Seed = seed;
    }

    /// <summary>The seed this stream started from.</summary>
    public ulong Seed { get; }

    /// <summary>An independent stream for the named component: seeded from this stream's seed and the name's
    /// FNV-1a hash (never <see cref="string.GetHashCode()"/>, which .NET randomizes per process).</summary>
    public SimRandom Derive(string component) => new(Mix(Seed, Fnv1a(component)));

    /// <summary>An independent stream for the numbered instance of a component (node 3, adversary 1, …).</summary>
    public SimRandom Derive(string component, int index) => new(Mix(Mix(Seed, Fnv1a(component)), (ulong)index + 1));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    protected override double Sample() => NextDouble();

    /// <inheritdoc />
    public override int Next() => (int)(NextUInt64() >> 33);

    /// <inheritdoc />
    public override int Next(int maxValue) => maxValue <= 0 ? 0 : (int)NextBounded((ulong)maxValue);

    /// <inheritdoc />
    public override int Next(int minValue, int maxValue) =>
        minValue >= maxValue ? minValue : (int)((long)minValue + (long)NextBounded((ulong)((long)maxValue - minValue)));

    /// <inheritdoc />
    public override long NextInt64(long minValue, long maxValue) =>
        minValue >= maxValue ? minValue : minValue + (long)NextBounded((ulong)(maxValue - minValue));

    /// <inheritdoc />
    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            BitConverter.TryWriteBytes(buffer, NextUInt64());
            buffer = buffer[8..];
        }
        if (buffer.Length > 0)
        {
            ulong last = NextUInt64();
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(last >> (8 * i));
        }
    }

    /// <inheritdoc />
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => p > 0 && (p >= 1 || NextDouble() < p);

    /// <summary>An exponential variate with the given mean (inter-arrival times of a Poisson process).</summary>
    public double NextExponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    /// <summary>Lemire's unbiased bounded integer in [0, bound).</summary>
    private ulong NextBounded(ulong bound)
    {
        ulong threshold = (0 - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 m = (UInt128)r * bound;
            if ((ulong)m >= threshold) return (ulong)(m >> 64);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Mix(ulong a, ulong b)
    {
        ulong x = a ^ (b * 0x9E3779B97F4A7C15UL);
        return SplitMix(ref x);
    }

    private static ulong Fnv1a(string text)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
