using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Proofs;

namespace HealthLedger.Engine.Client;

/// <summary>Why an offline check of an existence proof failed.</summary>
public enum ProofVerdictKind : byte
{
    /// <summary>The proof holds (and matches the document, when one was given).</summary>
    Valid = 0,

    /// <summary>The bytes are not an existence proof.</summary>
    Malformed,

    /// <summary>The proof itself does not hold (signature, inclusion, chain, checkpoint or state; see the reason).</summary>
    Invalid,

    /// <summary>The proof holds but attests a different hash than the document's.</summary>
    DocumentMismatch,

    /// <summary>The proof holds but its transaction attests no data hash (not a registration or notarization).</summary>
    NothingAttested,
}

/// <summary>The verdict a lawyer (3.3.8) gets: whether the proof holds, and what it attests.</summary>
/// <param name="Kind">Valid, or what failed.</param>
/// <param name="Reason">A sentence for people.</param>
/// <param name="ProofFailure">The engine's proof failure, when <see cref="Kind"/> is <see cref="ProofVerdictKind.Invalid"/>.</param>
/// <param name="Proof">The decoded proof, when it decoded.</param>
public sealed record ProofVerdict(ProofVerdictKind Kind, string Reason, ProofFailure ProofFailure = ProofFailure.None, ExistenceProof? Proof = null)
{
    /// <summary>True when the proof holds.</summary>
    public bool IsValid => Kind == ProofVerdictKind.Valid;

    /// <summary>Who signed the proven transaction (the record's owner or the notarizer).</summary>
    public Hash256? Signer => Proof?.Transaction.Sender;

    /// <summary>The data hash attested, if any.</summary>
    public Hash256? AttestedHash => Proof?.AttestedHash;

    /// <summary>The ledger that applied the transaction, and its close time: when the network first saw the hash.</summary>
    public LedgerHeader? Ledger => Proof?.Ledger;
}

/// <summary>Checks existence proofs with nothing but the proof, a trusted checkpoint hash and (optionally) the
/// document: no gateway, no network (3.3.8).</summary>
public static class OfflineProof
{
    /// <summary>Decodes and checks <paramref name="proofBytes"/>; see <see cref="Verify(ExistenceProof, Hash256, ReadOnlySpan{byte})"/>.</summary>
    public static ProofVerdict Verify(ReadOnlySpan<byte> proofBytes, Hash256 trustedCheckpoint, ReadOnlySpan<byte> document = default, bool checkDocument = false)
    {
        if (!ExistenceProof.TryDecode(proofBytes, out var proof, out var error))
            return new ProofVerdict(ProofVerdictKind.Malformed, $"Not an existence proof: {error}");
        return checkDocument ? Verify(proof!, trustedCheckpoint, document) : Verify(proof!, trustedCheckpoint);
    }

    /// <summary>Checks the proof against the checkpoint, and that it attests <paramref name="document"/>'s SHA-256.</summary>
    public static ProofVerdict Verify(ExistenceProof proof, Hash256 trustedCheckpoint, ReadOnlySpan<byte> document) =>
        Verify(proof, trustedCheckpoint, Hash256.Compute(document));

    /// <summary>Checks the proof against the checkpoint and, with <paramref name="documentHash"/>, that it attests that hash.</summary>
    public static ProofVerdict Verify(ExistenceProof proof, Hash256 trustedCheckpoint, Hash256? documentHash = null)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var check = proof.Verify(trustedCheckpoint);
        if (!check.IsValid) return new ProofVerdict(ProofVerdictKind.Invalid, check.Reason, check.Failure, proof);
        if (documentHash is not { } expected)
            return new ProofVerdict(ProofVerdictKind.Valid, $"The proof holds: ledger {proof.Ledger.Sequence} applied the transaction, and its chain reaches the checkpoint.", Proof: proof);
        if (proof.AttestedHash is not { } attested)
            return new ProofVerdict(ProofVerdictKind.NothingAttested, $"The proven {proof.Transaction.Kind} transaction attests no document hash.", Proof: proof);
        return attested == expected
            ? new ProofVerdict(ProofVerdictKind.Valid,
                $"The document's hash {expected.ToShortString()} was registered by {proof.Transaction.Sender.ToShortString()} in ledger {proof.Ledger.Sequence} (closed at {proof.Ledger.CloseTimeMs} ms), which the checkpoint confirms.", Proof: proof)
            : new ProofVerdict(ProofVerdictKind.DocumentMismatch,
                $"The proof attests hash {attested.ToShortString()}, but the document hashes to {expected.ToShortString()}.", Proof: proof);
    }
}
