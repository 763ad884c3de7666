using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Ledger;

/// <summary>
/// A signed transaction. Immutable: the canonical encoding is computed once, at construction, and the id is its
/// SHA-256. The signature covers every byte before it (see <see cref="SigningBytes"/>), which starts with the
/// "HLT" magic and a format version, so a transaction signature can never be mistaken for a proposal or validation
/// signature.
/// </summary>
public sealed class Transaction
{
    /// <summary>The format version this build writes and reads.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Largest encoded transaction accepted, in bytes.</summary>
    public const int MaxEncodedBytes = 64 * 1024;

    private readonly ReadOnlyMemory<byte> _encoded; // its own array, or a slice of an array nobody writes to
    private readonly int _signingLength;
    private int _signatureState; // 0 = not checked, 1 = valid, 2 = invalid: a verification is done once per object

    internal Transaction(Hash256 sender, ulong sequence, uint lastValidLedger, PublicKey signingKey, TxPayload payload,
        ReadOnlyMemory<byte> encoded, int signingLength)
    {
        Sender = sender;
        Sequence = sequence;
        LastValidLedger = lastValidLedger;
        SigningKey = signingKey;
        Payload = payload;
        _encoded = encoded;
        _signingLength = signingLength;
    }

    private Hash256 _id;
    private volatile bool _hasId;

    /// <summary>SHA-256 of the full encoding (signature included). Computed on first use, so decoding a transaction
    /// that is then refused for its form costs no hash; racing threads compute the same value.</summary>
    public Hash256 Id
    {
        get
        {
            if (!_hasId)
            {
                _id = Hash256.Compute(_encoded.Span);
                _hasId = true;
            }
            return _id;
        }
    }

    /// <summary>The kind of transaction.</summary>
    public TxKind Kind => Payload.Kind;

    /// <summary>The sending account's id.</summary>
    public Hash256 Sender { get; }

    /// <summary>The sender's sequence number: must equal the account's next sequence (replay protection).</summary>
    public ulong Sequence { get; }

    /// <summary>The last ledger sequence in which the transaction may apply; 0 for no limit.</summary>
    public uint LastValidLedger { get; }

    /// <summary>The key the transaction is signed with; must be the sender account's current key.</summary>
    public PublicKey SigningKey { get; }

    /// <summary>The kind-specific fields.</summary>
    public TxPayload Payload { get; }

    /// <summary>The signature over <see cref="SigningBytes"/>: the tail of the encoding.</summary>
    public ReadOnlySpan<byte> Signature => _encoded.Span[_signingLength..];

    /// <summary>The canonical encoding.</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    /// <summary>The signed prefix of the encoding.</summary>
    public ReadOnlySpan<byte> SigningBytes => _encoded.Span[.._signingLength];

    /// <summary>Checks the signature once and remembers the answer (a transaction object is immutable, so the
    /// answer cannot change). Safe to call from several threads.</summary>
    public bool VerifySignature()
    {
        int state = Volatile.Read(ref _signatureState);
        if (state == 0)
        {
            state = SigningKey.Verify(SigningBytes, Signature) ? 1 : 2;
            Volatile.Write(ref _signatureState, state);
        }
        return state == 1;
    }

    /// <summary>Records the answer of a check made elsewhere on the same bytes (a verifier's cache keyed by
    /// <see cref="Id"/>, which covers the signature), so later calls on this object do not verify again.</summary>
    internal void RememberSignatureCheck(bool valid) => Interlocked.CompareExchange(ref _signatureState, valid ? 1 : 2, 0);

    /// <summary>True when the signature was already checked and found valid (no verification is done).</summary>
    public bool IsSignatureKnownValid => Volatile.Read(ref _signatureState) == 1;

    /// <summary>Builds and signs a transaction.</summary>
    public static Transaction Create(SigningKey signer, Hash256 sender, ulong sequence, TxPayload payload, uint lastValidLedger = 0)
    {
        // Written into the thread's scratch buffer and copied once by the decode below (a fresh growing buffer per
        // transaction left three or four arrays of garbage each).
        var buffer = Encoder.Scratch();
        var w = new CanonicalWriter(buffer);
        WriteBody(w, payload.Kind, sender, sequence, lastValidLedger, signer.Public, payload);
        Span<byte> signature = stackalloc byte[signer.SignatureLength];
        signer.Sign(buffer.WrittenSpan, signature);
        w.Raw(signature);
        // Peers accept only what decodes, so refuse here what they would refuse (limits, ordering, lengths).
        if (!TryDecode(buffer.WrittenSpan, out var tx, out var error))
            throw new ArgumentException($"The transaction would not decode: {error}", nameof(payload));
        Volatile.Write(ref tx!._signatureState, 1); // we just made the signature
        return tx;
    }

    /// <summary>Builds a transaction whose account id is the signer's key id (an account's first key).</summary>
    public static Transaction Create(SigningKey signer, ulong sequence, TxPayload payload, uint lastValidLedger = 0) =>
        Create(signer, signer.Public.Id, sequence, payload, lastValidLedger);

    /// <summary>Writes the canonical encoding. A transaction is immutable and keeps the bytes it was built or decoded
    /// from (they are what is signed and hashed), so this is a copy of <see cref="Encoded"/>.</summary>
    public void Write(CanonicalWriter w) => w.Raw(_encoded.Span);

    /// <summary>Writes the canonical encoding from the fields, as <see cref="Create(SigningKey, Hash256, ulong, TxPayload, uint)"/>
    /// does: the same bytes as <see cref="Encoded"/> (tests hold the two to each other).</summary>
    public void WriteFromFields(CanonicalWriter w)
    {
        WriteBody(w, Kind, Sender, Sequence, LastValidLedger, SigningKey, Payload);
        w.Raw(Signature);
    }

    private static void WriteBody(CanonicalWriter w, TxKind kind, Hash256 sender, ulong sequence, uint lastValid, PublicKey key, TxPayload payload)
    {
        w.Raw("HLT"u8);
        w.U8(FormatVersion);
        w.U8((byte)kind);
        w.Hash(sender);
        w.U64(sequence);
        w.U32(lastValid);
        w.Key(key);
        payload.Write(w);
    }

    /// <summary>Decodes a transaction. Rejects truncated, oversized and trailing-garbage input and every
    /// non-canonical form with a <see cref="DecodeError"/>; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out Transaction? transaction, out DecodeError error)
    {
        transaction = null;
        error = default;
        if (bytes.Length > MaxEncodedBytes)
        {
            var oversized = new CanonicalReader(bytes);
            oversized.Fail(DecodeErrorKind.Oversized, $"transaction: {bytes.Length} bytes exceeds the limit of {MaxEncodedBytes}.");
            error = oversized.Error!.Value;
            return false;
        }
        // The transaction keeps its encoding; decoding from that copy lets variable-length fields (sealed pointers and
        // keys) be slices of it rather than copies of their own.
        return TryDecodeShared(bytes.ToArray(), out transaction, out error);
    }

    /// <summary>Decodes a transaction from memory nobody writes to afterwards (a received message's own array, a stored
    /// block): the transaction keeps slices of it instead of a copy.</summary>
    internal static bool TryDecodeShared(ReadOnlyMemory<byte> bytes, out Transaction? transaction, out DecodeError error)
    {
        transaction = null;
        error = default;
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)) return TryDecode(bytes.Span, out transaction, out error);
        var r = new CanonicalReader(segment.Array!, segment.Offset, segment.Count);
        if (bytes.Length > MaxEncodedBytes)
            r.Fail(DecodeErrorKind.Oversized, $"transaction: {bytes.Length} bytes exceeds the limit of {MaxEncodedBytes}.");
        else if (TryRead(ref r, bytes, out transaction) && r.End()) return true;
        transaction = null;
        error = r.Error!.Value;
        return false;
    }

    private static bool TryRead(ref CanonicalReader r, ReadOnlyMemory<byte> encoded, out Transaction? transaction)
    {
        transaction = null;
        if (!r.Raw("magic", 3, out var magic)) return false;
        if (!magic.SequenceEqual("HLT"u8)) return r.Fail(DecodeErrorKind.UnknownTag, "magic: not a transaction (expected \"HLT\").");
        r.U8("version", out var version);
        if (r.Ok && version != FormatVersion) return r.Fail(DecodeErrorKind.UnsupportedVersion, $"version: transaction format {version} is not supported.");
        r.U8("kind", out var kind);
        r.Hash("sender", out var sender);
        r.U64("sequence", out var sequence);
        r.U32("lastValidLedger", out var lastValid);
        r.Key("signingKey", out var key);
        if (!r.Ok) return false;
        if (!TxPayload.TryRead((TxKind)kind, ref r, out var payload)) return false;
        int signingEnd = r.Offset;
        if (!r.Raw("signature", SignatureSchemes.Get(key!.Scheme).SignatureLength, out _)) return false;
        // Bytes after the signature are refused by the caller's End() check before this object is handed out.
        transaction = new Transaction(sender, sequence, lastValid, key, payload!, encoded, signingEnd);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Id.ToShortString()} from {Sender.ToShortString()} seq {Sequence}";
}
