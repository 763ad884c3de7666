namespace HealthLedger.Engine.Ledger;

/// <summary>What a participant is. The byte value is part of the canonical encoding.</summary>
public enum Role : byte
{
    /// <summary>A patient: owns device records (wearables), grants access to its records.</summary>
    Patient = 1,

    /// <summary>A health provider (doctor, hospital): registers hospital records.</summary>
    Provider = 2,

    /// <summary>An insurance company: reads and checks records it was granted.</summary>
    Insurer = 3,

    /// <summary>A legal party: checks existence proofs and records it was granted.</summary>
    Legal = 4,

    /// <summary>A trusted monitor (auditor, regulator).</summary>
    Monitor = 5,

    /// <summary>Issues predetermined key pairs and registers users (seed 3.3.1).</summary>
    Registrar = 6,
}

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

/// <summary>Which roles may do what; the rules the state transition function enforces.</summary>
public static class RolePolicy
{
    /// <summary>Patients register device records and providers register hospital records (seed 3.1); insurers, legal
    /// parties, monitors and registrars only read.</summary>
    public static bool MayOwnRecords(Role role) => role is Role.Patient or Role.Provider;

    /// <summary>Only a registrar registers new users with predetermined key pairs (seed 3.3.1).</summary>
    public static bool MayRegisterUsers(Role role) => role == Role.Registrar;

    /// <summary>True for a defined role value.</summary>
    public static bool IsDefined(Role role) => role is >= Role.Patient and <= Role.Registrar;

    /// <summary>True for a defined group value.</summary>
    public static bool IsDefined(ValidatorGroup group) => group is >= ValidatorGroup.None and <= ValidatorGroup.Monitors;
}
