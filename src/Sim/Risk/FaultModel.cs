namespace HealthLedger.Sim.Risk;

/// <summary>What a compromised validator does.</summary>
public enum FaultModel
{
    /// <summary>
    /// Arbitrary behaviour: it may sign validations for several ledgers at one sequence (equivocate) or for none
    /// (withhold), whichever hurts most.
    /// </summary>
    Byzantine,

    /// <summary>It stops: it signs nothing, and never signs two ledgers.</summary>
    Crash,
}
