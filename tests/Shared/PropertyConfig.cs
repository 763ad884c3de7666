using FsCheck;
using Microsoft.FSharp.Core;

namespace HealthLedger.Tests;

/// <summary>
/// FsCheck runs with a fixed seed so that a failing property reproduces. The failure message names the seed; set
/// HL_PROPERTY_SEED to run a property under another seed.
/// </summary>
public static class PropertyConfig
{
    /// <summary>The seed in force: HL_PROPERTY_SEED if set, otherwise <paramref name="fallback"/>.</summary>
    public static ulong SeedOr(ulong fallback) =>
        ulong.TryParse(Environment.GetEnvironmentVariable("HL_PROPERTY_SEED"), out var s) ? s : fallback;

    /// <summary>A throw-on-failure configuration replaying <paramref name="seed"/> (or HL_PROPERTY_SEED).</summary>
    public static Config Default(ulong seed, int maxTest = 100)
    {
        ulong s = SeedOr(seed);
        var replay = new Replay(new Rnd(s, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None);
        return Config.QuickThrowOnFailure
            .WithReplay(FSharpOption<Replay>.Some(replay))
            .WithMaxTest(maxTest)
            .WithName($"[seed {s}; replay with HL_PROPERTY_SEED={s}]");
    }

}
