using MathNet.Numerics.Distributions;
using HealthLedger.Sim.Core;

namespace HealthLedger.Sim.Network;

/// <summary>
/// A one-way link latency distribution, in milliseconds. <c>constant</c> (ms), <c>uniform</c> (minMs, maxMs),
/// <c>normal</c> (meanMs, stdDevMs; truncated at 0) or <c>lognormal</c> (medianMs, sigma: the log-space standard
/// deviation, so p99 ≈ median × e^(2.33 σ)).
/// </summary>
public sealed record LatencySpec
{
    /// <summary>constant | uniform | normal | lognormal.</summary>
    public string Distribution { get; init; } = "constant";

    /// <summary>The constant latency.</summary>
    public double Ms { get; init; }

    /// <summary>Uniform lower bound.</summary>
    public double MinMs { get; init; }

    /// <summary>Uniform upper bound.</summary>
    public double MaxMs { get; init; }

    /// <summary>Normal mean.</summary>
    public double MeanMs { get; init; }

    /// <summary>Normal standard deviation.</summary>
    public double StdDevMs { get; init; }

    /// <summary>Log-normal median.</summary>
    public double MedianMs { get; init; }

    /// <summary>Log-normal shape (σ of the underlying normal).</summary>
    public double Sigma { get; init; }

    /// <summary>Checks the fields; returns the first problem, naming the field, or null.</summary>
    public string? Validate(string path) => Distribution switch
    {
        "constant" => Ms < 0 ? $"{path}.ms must be >= 0" : null,
        "uniform" => MinMs < 0 || MaxMs < MinMs ? $"{path}: uniform needs 0 <= minMs <= maxMs" : null,
        "normal" => MeanMs < 0 || StdDevMs < 0 ? $"{path}: normal needs meanMs >= 0 and stdDevMs >= 0" : null,
        "lognormal" => MedianMs <= 0 || Sigma < 0 ? $"{path}: lognormal needs medianMs > 0 and sigma >= 0" : null,
        _ => $"{path}.distribution: '{Distribution}' is not one of constant, uniform, normal, lognormal",
    };

    /// <summary>Draws one latency in microseconds.</summary>
    public long SampleUs(SimRandom rng)
    {
        double ms = Distribution switch
        {
            "uniform" => MinMs + (MaxMs - MinMs) * rng.NextDouble(),
            "normal" => Math.Max(0, Normal.Sample(rng, MeanMs, StdDevMs)),
            "lognormal" => LogNormal.Sample(rng, Math.Log(MedianMs), Sigma),
            _ => Ms,
        };
        return (long)Math.Round(ms * 1000.0);
    }
}
