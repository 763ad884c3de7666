namespace HealthLedger.Sim.Risk;

/// <summary>What an adversary holding a given set of compromised validators can do, in the worst case over message
/// schedules: "can" means some schedule leads there, not that every one does.</summary>
public readonly record struct RiskVerdict(bool SafetyCanBreak, bool LivenessCanBreak)
{
    /// <summary>True when either property can break.</summary>
    public bool AnyCanBreak => SafetyCanBreak || LivenessCanBreak;

    /// <summary>The failure of the given kind.</summary>
    public bool CanBreak(FailureKind kind) => kind == FailureKind.Safety ? SafetyCanBreak : LivenessCanBreak;
}

/// <summary>The two ways consensus fails.</summary>
public enum FailureKind
{
    /// <summary>Two different ledgers at one sequence can both be fully validated.</summary>
    Safety,

    /// <summary>The validators that are not faulty cannot form a quorum on their own, so progress can halt.</summary>
    Liveness,
}
