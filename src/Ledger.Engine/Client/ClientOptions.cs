namespace HealthLedger.Engine.Client;

/// <summary>A client's settings.</summary>
public sealed record ClientOptions
{
    /// <summary>The defaults: operating-system entropy, no disclosure channel, no last-valid-ledger bound.</summary>
    public static ClientOptions Default { get; } = new();

    /// <summary>Where record keys, nonces and ephemeral box keys come from.</summary>
    public IClientEntropy Entropy { get; init; } = SystemEntropy.Instance;

    /// <summary>Where readers send access receipts and integrity alerts; null sends nothing (the local
    /// <see cref="HealthLedgerClient.IntegrityFailure"/> event still fires).</summary>
    public IDisclosureChannel? Disclosures { get; init; }

    /// <summary>When true (the default, given a channel) every verified read sends a signed access receipt.</summary>
    public bool SendAccessReceipts { get; init; } = true;

    /// <summary>When non-zero, each transaction may apply only within this many ledgers after the validated ledger
    /// seen at signing, so a submission lost in a network cannot apply much later. 0: no bound.</summary>
    public uint LastValidLedgerWindow { get; init; }
}
