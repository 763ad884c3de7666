// TEMPORARY: a copy of the lead's ValidatorGroup (src/Ledger.Engine/Ledger/Roles.cs, not yet committed on main) so
// this branch builds before "Ledger core:" lands. Deleted at the merge that brings the real file.
namespace HealthLedger.Engine.Ledger;

/// <summary>The interest group a validating participant belongs to (seed 3.4); each group shares a preset voting power.</summary>
public enum ValidatorGroup : byte
{
    /// <summary>Not a validator.</summary>
    None = 0,

    /// <summary>Data generators (patients and their devices).</summary>
    Generators = 1,

    /// <summary>Data receivers (health-care providers, insurers).</summary>
    Receivers = 2,

    /// <summary>Data monitors (trusted parties).</summary>
    Monitors = 3,
}
