using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Client;

/// <summary>What a reader reports about one read.</summary>
public enum NoticeKind : byte
{
    /// <summary>An access receipt: the reader read and verified the record (an entry of the accounting of disclosures).</summary>
    AccessReceipt = 1,

    /// <summary>An integrity alert: the stored record was missing or damaged; the reader discarded it (seed 3.3.6).</summary>
    IntegrityAlert = 2,
}

/// <summary>
/// A reader's signed statement about a read, sent off-ledger to the record's owner and to the disclosure log (see
/// <see cref="IDisclosureChannel"/>). Signed so the log's operator cannot forge one; it names the ledger the read was
/// checked against, so its time is ledger time, not a clock. The signed bytes are "HLN1" ‖ kind ‖ reader ‖ owner ‖
/// record ‖ version ‖ data hash ‖ ledger ‖ close time ‖ problem (integers big-endian).
/// </summary>
/// <param name="Kind">Receipt or alert.</param>
/// <param name="Reader">The reader's account id.</param>
/// <param name="Owner">The record's owner.</param>
/// <param name="RecordId">The record version read.</param>
/// <param name="Version">Its version number.</param>
/// <param name="DataHash">The ledger's data hash of that version.</param>
/// <param name="LedgerSequence">The ledger the read was checked against.</param>
/// <param name="LedgerCloseTimeMs">That ledger's close time.</param>
/// <param name="Problem">For an alert, what the reader found; <see cref="ClientError.None"/> for a receipt.</param>
/// <param name="ReaderKey">The key that signed.</param>
/// <param name="Signature">The signature over the signed bytes.</param>
public sealed record AccessNotice(NoticeKind Kind, Hash256 Reader, Hash256 Owner, Hash256 RecordId, uint Version, Hash256 DataHash,
    uint LedgerSequence, long LedgerCloseTimeMs, ClientError Problem, PublicKey ReaderKey, byte[] Signature)
{
    /// <summary>Creates and signs a notice.</summary>
    public static AccessNotice Sign(SigningKey signer, NoticeKind kind, Hash256 reader, Hash256 owner, Hash256 recordId, uint version,
        Hash256 dataHash, uint ledgerSequence, long ledgerCloseTimeMs, ClientError problem)
    {
        byte[] message = SigningBytes(kind, reader, owner, recordId, version, dataHash, ledgerSequence, ledgerCloseTimeMs, problem);
        return new AccessNotice(kind, reader, owner, recordId, version, dataHash, ledgerSequence, ledgerCloseTimeMs, problem, signer.Public, signer.Sign(message));
    }

    /// <summary>True when the signature verifies under <see cref="ReaderKey"/>. Whether that key belongs to
    /// <see cref="Reader"/> is checked against the ledger by whoever lists the notice.</summary>
    public bool VerifySignature() =>
        ReaderKey.Verify(SigningBytes(Kind, Reader, Owner, RecordId, Version, DataHash, LedgerSequence, LedgerCloseTimeMs, Problem), Signature);

    private static byte[] SigningBytes(NoticeKind kind, Hash256 reader, Hash256 owner, Hash256 recordId, uint version, Hash256 dataHash,
        uint ledgerSequence, long closeTimeMs, ClientError problem)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4 + 1 + 4 * Hash256.Size + 4 + 4 + 8 + 1);
        var w = new CanonicalWriter(buffer);
        w.Raw("HLN1"u8);
        w.U8((byte)kind);
        w.Hash(reader);
        w.Hash(owner);
        w.Hash(recordId);
        w.U32(version);
        w.Hash(dataHash);
        w.U32(ledgerSequence);
        w.I64(closeTimeMs);
        w.U8((byte)problem);
        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public bool Equals(AccessNotice? other) => other is not null && Kind == other.Kind && Reader == other.Reader && RecordId == other.RecordId
        && LedgerSequence == other.LedgerSequence && Signature.AsSpan().SequenceEqual(other.Signature);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Reader, RecordId, LedgerSequence);
}
