using System.Buffers;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Node.Messages;

/// <summary>A validator's signed statement that it built ledger <see cref="LedgerHash"/> at
/// <see cref="LedgerSequence"/>. An honest validator signs at most one per sequence.</summary>
/// <param name="Validator">The validator's account id.</param>
/// <param name="LedgerSequence">The ledger's sequence.</param>
/// <param name="LedgerHash">The ledger's hash.</param>
/// <param name="Signature">The validator's signature over <see cref="SignedBytes"/>.</param>
public sealed record ValidationMessage(Hash256 Validator, uint LedgerSequence, Hash256 LedgerHash, byte[] Signature) : ConsensusMessage
{
    /// <inheritdoc />
    public override MessageKind Kind => MessageKind.Validation;

    /// <summary>The bytes the signature covers: a domain tag, then every field but the signature.</summary>
    public byte[] SignedBytes() => SignedBytesFor(Validator, LedgerSequence, LedgerHash);

    /// <summary>The bytes a validation with these fields signs.</summary>
    public static byte[] SignedBytesFor(Hash256 validator, uint ledgerSequence, Hash256 ledgerHash)
    {
        var buffer = new ArrayBufferWriter<byte>(80);
        var w = new CanonicalWriter(buffer);
        w.Raw("HLVAL1"u8);
        w.Hash(validator);
        w.U32(ledgerSequence);
        w.Hash(ledgerHash);
        return buffer.WrittenSpan.ToArray();
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
