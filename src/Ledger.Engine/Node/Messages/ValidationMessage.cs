using System.Buffers.Binary;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Node.Messages;

/// <summary>A validator's signed statement that it built ledger <see cref="LedgerHash"/> at
/// <see cref="LedgerSequence"/>. An honest validator signs at most one per sequence.</summary>
/// <param name="Validator">The validator's account id.</param>
/// <param name="LedgerSequence">The ledger's sequence.</param>
/// <param name="LedgerHash">The ledger's hash.</param>
/// <param name="Signature">The validator's signature over <see cref="SignedBytes"/>.</param>
public sealed record ValidationMessage(Hash256 Validator, uint LedgerSequence, Hash256 LedgerHash, byte[] Signature) : ConsensusMessage, Consensus.ISignedConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.Validation;

    /// <summary>Length of <see cref="SignedBytes"/>: the domain tag, validator, sequence and ledger hash.</summary>
    public const int SignedBytesLength = 6 + Hash256.Size + 4 + Hash256.Size;

    /// <summary>The bytes the signature covers: a domain tag, then every field but the signature.</summary>
    public byte[] SignedBytes() => SignedBytesFor(Validator, LedgerSequence, LedgerHash);

    /// <summary>Writes <see cref="SignedBytes"/> into <paramref name="destination"/> (at least
    /// <see cref="SignedBytesLength"/> long) without allocating; returns the length written.</summary>
    public int WriteSignedBytes(Span<byte> destination) => WriteSignedBytes(destination, Validator, LedgerSequence, LedgerHash);

    /// <summary>The bytes a validation with these fields signs.</summary>
    public static byte[] SignedBytesFor(Hash256 validator, uint ledgerSequence, Hash256 ledgerHash)
    {
        var bytes = new byte[SignedBytesLength];
        WriteSignedBytes(bytes, validator, ledgerSequence, ledgerHash);
        return bytes;
    }

    // The canonical encoding written straight into a span (every validator checks every validation).
    private static int WriteSignedBytes(Span<byte> d, Hash256 validator, uint ledgerSequence, Hash256 ledgerHash)
    {
        "HLVAL1"u8.CopyTo(d);
        validator.CopyTo(d[6..]);
        BinaryPrimitives.WriteUInt32BigEndian(d[38..], ledgerSequence);
        ledgerHash.CopyTo(d[42..]);
        return SignedBytesLength;
    }

    private protected override void WriteBody(CanonicalWriter w)
    {
        w.Hash(Validator);
        w.U32(LedgerSequence);
        w.Hash(LedgerHash);
        w.Bytes16(Signature);
    }

    internal static bool TryRead(ref CanonicalReader r, out ConsensusMessage? message)
    {
        message = null;
        r.Hash("validation.validator", out var validator);
        r.U32("validation.ledgerSequence", out var seq);
        r.Hash("validation.ledgerHash", out var hash);
        r.Bytes16("validation.signature", 512, out var sig);
        if (!r.Ok) return false;
        message = new ValidationMessage(validator, seq, hash, sig.ToArray());
        return true;
    }
}
