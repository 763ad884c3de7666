namespace HealthLedger.Sim.Risk.Probability;

/// <summary>The analytic probability that the adversary can break safety, and that it can halt progress, under one
/// compromise distribution.</summary>
public sealed record FailureProbabilities(LogProbability Safety, LogProbability Liveness)
{
    /// <summary>The probability for <paramref name="kind"/>.</summary>
    public LogProbability Of(FailureKind kind) => kind == FailureKind.Safety ? Safety : Liveness;
}
