namespace HealthLedger.Engine.Ledger;

/// <summary>
/// How the state transition function checks a transaction's signature. A host passes the implementation it wants:
/// verify inline, consult a cache of verifications done elsewhere (in parallel, on receipt), or charge a simulated
/// cost. Implementations must be deterministic in their answer: a signature is valid or it is not.
/// </summary>
public interface ISignatureVerifier
{
    /// <summary>True when the transaction's signature is valid under its signing key.</summary>
    bool Verify(Transaction transaction);
}

/// <summary>Verifies with the real scheme, once per transaction object (see <see cref="Transaction.VerifySignature"/>):
/// a transaction verified on receipt is not verified again when applied.</summary>
public sealed class SignatureVerifier : ISignatureVerifier
{
    /// <summary>The shared instance.</summary>
    public static SignatureVerifier Instance { get; } = new();

    /// <inheritdoc />
    public bool Verify(Transaction transaction) => transaction.VerifySignature();
}
