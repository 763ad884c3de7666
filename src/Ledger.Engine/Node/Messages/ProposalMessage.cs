using System.Buffers.Binary;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Node.Messages;

/// <summary>
/// A validator's position for the ledger after <see cref="PreviousLedger"/>: the transaction set it wants and the
/// close time. <see cref="ProposeSeq"/> rises each time the validator changes its position in a round, so a late
/// copy of an older position is recognised as stale.
/// </summary>
/// <param name="Validator">The proposing validator's account id.</param>
/// <param name="LedgerSequence">The sequence of the ledger being agreed (the previous ledger's plus one).</param>
/// <param name="PreviousLedger">The hash of the ledger the proposal builds on.</param>
/// <param name="ProposeSeq">Position number within the round, from 0.</param>
/// <param name="TxSetHash">The proposed transaction set.</param>
/// <param name="CloseTimeMs">The proposed close time, rounded to the close-time resolution.</param>
/// <param name="ValidatedSequence">The proposer's fully validated sequence, so that a peer further ahead can send it
/// the validations it missed.</param>
/// <param name="Signature">The validator's signature over <see cref="SignedBytes"/>.</param>
public sealed record ProposalMessage(Hash256 Validator, uint LedgerSequence, Hash256 PreviousLedger, uint ProposeSeq,
    Hash256 TxSetHash, long CloseTimeMs, uint ValidatedSequence, byte[] Signature) : ConsensusMessage, Consensus.ISignedConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.Proposal;

    /// <summary>Length of <see cref="SignedBytes"/>: the domain tag and every fixed-width field but the signature.</summary>
    public const int SignedBytesLength = 7 + Hash256.Size + 4 + Hash256.Size + 4 + Hash256.Size + 8 + 4;

    /// <summary>The bytes the signature covers: a domain tag, then every field but the signature.</summary>
    public byte[] SignedBytes() => SignedBytesFor(Validator, LedgerSequence, PreviousLedger, ProposeSeq, TxSetHash, CloseTimeMs, ValidatedSequence);

    /// <summary>Writes <see cref="SignedBytes"/> into <paramref name="destination"/> (at least
    /// <see cref="SignedBytesLength"/> long) without allocating; returns the length written.</summary>
    public int WriteSignedBytes(Span<byte> destination) =>
        WriteSignedBytes(destination, Validator, LedgerSequence, PreviousLedger, ProposeSeq, TxSetHash, CloseTimeMs, ValidatedSequence);

    /// <summary>The bytes a proposal with these fields signs.</summary>
    public static byte[] SignedBytesFor(Hash256 validator, uint ledgerSequence, Hash256 previousLedger, uint proposeSeq, Hash256 txSetHash, long closeTimeMs, uint validatedSequence)
    {
        var bytes = new byte[SignedBytesLength];
        WriteSignedBytes(bytes, validator, ledgerSequence, previousLedger, proposeSeq, txSetHash, closeTimeMs, validatedSequence);
        return bytes;
    }

    // The canonical encoding (big-endian integers, hashes as-is) written straight into a span: one proposal is checked
    // by every validator, so this runs n times per proposal and must not allocate. WriteFields is the same layout.
    private static int WriteSignedBytes(Span<byte> d, Hash256 validator, uint ledgerSequence, Hash256 previousLedger, uint proposeSeq, Hash256 txSetHash, long closeTimeMs, uint validatedSequence)
    {
        "HLPROP1"u8.CopyTo(d);
        validator.CopyTo(d[7..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[39..], ledgerSequence);
        previousLedger.CopyTo(d[43..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[75..], proposeSeq);
        txSetHash.CopyTo(d[79..]);
        BinaryPrimitives.WriteInt64BigEndian(d[111..], closeTimeMs);
        BinaryPrimitives.WriteUInt32BigEndian(d[119..], validatedSequence);
        return SignedBytesLength;
    }

    private static void WriteFields(CanonicalWriter w, Hash256 validator, uint ledgerSequence, Hash256 previousLedger, uint proposeSeq, Hash256 txSetHash, long closeTimeMs, uint validatedSequence)
    {
        w.Hash(validator);
        w.U32(ledgerSequence);
        w.Hash(previousLedger);
        w.U32(proposeSeq);
        w.Hash(txSetHash);
        w.I64(closeTimeMs);
        w.U32(validatedSequence);
    }

    private protected override void WriteBody(CanonicalWriter w)
    {
        WriteFields(w, Validator, LedgerSequence, PreviousLedger, ProposeSeq, TxSetHash, CloseTimeMs, ValidatedSequence);
        w.Bytes16(Signature);
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        r.Hash("proposal.validator", out var validator);
        r.U32("proposal.ledgerSequence", out var seq);
        r.Hash("proposal.previousLedger", out var prev);
        r.U32("proposal.proposeSeq", out var proposeSeq);
        r.Hash("proposal.txSetHash", out var set);
        r.I64("proposal.closeTimeMs", out var close);
        r.U32("proposal.validatedSequence", out var validated);
        r.Bytes16("proposal.signature", 512, out var sig);
        if (!r.Ok) return false;
        if (validated >= seq) return r.Fail(DecodeErrorKind.InvalidValue, "proposal.validatedSequence: a proposer cannot have validated the ledger it is still proposing.");
        if (seq == 0) return r.Fail(DecodeErrorKind.InvalidValue, "proposal.ledgerSequence: 0 is the genesis ledger, which is never proposed.");
        message = new ProposalMessage(validator, seq, prev, proposeSeq, set, close, validated, sig.ToArray());
        return true;
    }
}
