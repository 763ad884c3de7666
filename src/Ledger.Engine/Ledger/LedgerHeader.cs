using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Ledger;

/// <summary>
/// A ledger header. Headers are hash-linked through <see cref="ParentHash"/>; the hash is SHA-256 of the canonical
/// encoding: "HLH" ‖ version(1) ‖ sequence(u32) ‖ parent(32) ‖ closeTimeMs(i64) ‖ txRoot(32) ‖ stateRoot(32) ‖ txCount(u32),
/// 116 bytes, integers big-endian.
/// </summary>
/// <param name="Sequence">The ledger's sequence number; the genesis ledger is 0.</param>
/// <param name="ParentHash">The previous header's hash (zero for genesis).</param>
/// <param name="CloseTimeMs">The agreed close time, ms since the Unix epoch; strictly increasing.</param>
/// <param name="TxRoot">RFC 6962 Merkle root over the ids of the applied transactions, in apply order.</param>
/// <param name="StateRoot">The state root after applying them.</param>
/// <param name="TxCount">How many transactions the ledger applied.</param>
public sealed record LedgerHeader(uint Sequence, Hash256 ParentHash, long CloseTimeMs, Hash256 TxRoot, Hash256 StateRoot, uint TxCount)
{
    /// <summary>Encoded size in bytes.</summary>
    public const int EncodedBytes = 3 + 1 + 4 + 32 + 8 + 32 + 32 + 4;

    /// <summary>The header format version.</summary>
    public const byte FormatVersion = 1;

    private Hash256? _hash;

    /// <summary>The copy a <c>with</c> expression makes: its fields, not the original's memoized hash (a header with
    /// another close time or root is another header).</summary>
    private LedgerHeader(LedgerHeader original)
    {
        Sequence = original.Sequence;
        ParentHash = original.ParentHash;
        CloseTimeMs = original.CloseTimeMs;
        TxRoot = original.TxRoot;
        StateRoot = original.StateRoot;
        TxCount = original.TxCount;
    }

    /// <summary>SHA-256 of the encoding.</summary>
    public Hash256 Hash => _hash ??= Hash256.Compute(Encode());

    /// <summary>The canonical encoding.</summary>
    public byte[] Encode()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(EncodedBytes);
        Write(new CanonicalWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the canonical encoding.</summary>
    public void Write(CanonicalWriter w)
    {
        w.Raw("HLH"u8);
        w.U8(FormatVersion);
        w.U32(Sequence);
        w.Hash(ParentHash);
        w.I64(CloseTimeMs);
        w.Hash(TxRoot);
        w.Hash(StateRoot);
        w.U32(TxCount);
    }

    /// <summary>Reads one header at the reader's position.</summary>
    public static bool TryRead(ref CanonicalReader r, out LedgerHeader? header)
    {
        header = null;
        if (!r.Raw("header.magic", 3, out var magic)) return false;
        if (!magic.SequenceEqual("HLH"u8)) return r.Fail(DecodeErrorKind.UnknownTag, "header.magic: not a ledger header (expected \"HLH\").");
        r.U8("header.version", out var version);
        if (r.Ok && version != FormatVersion) return r.Fail(DecodeErrorKind.UnsupportedVersion, $"header.version: {version} is not supported.");
        r.U32("header.sequence", out var seq);
        r.Hash("header.parent", out var parent);
        r.I64("header.closeTimeMs", out var close);
        r.Hash("header.txRoot", out var txRoot);
        r.Hash("header.stateRoot", out var stateRoot);
        r.U32("header.txCount", out var count);
        if (!r.Ok) return false;
        header = new LedgerHeader(seq, parent, close, txRoot, stateRoot, count);
        return true;
    }

    /// <summary>Decodes exactly one header.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out LedgerHeader? header, out DecodeError error)
    {
        var r = new CanonicalReader(bytes);
        if (TryRead(ref r, out header) && r.End())
        {
            error = default;
            return true;
        }
        header = null;
        error = r.Error!.Value;
        return false;
    }
}
