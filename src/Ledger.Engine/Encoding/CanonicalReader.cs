using System.Buffers.Binary;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Encoding;

/// <summary>
/// Reads the canonical binary encoding written by <see cref="CanonicalWriter"/>. Every read is a <c>Try</c> that
/// returns false and records a <see cref="DecodeError"/> on the first failure; later reads then fail too, so a decoder
/// can read a whole structure and check once at the end. Never throws on bad input.
/// </summary>
public ref struct CanonicalReader
{
    private readonly ReadOnlySpan<byte> _input;
    private readonly byte[]? _owner;
    private readonly int _ownerStart; // where _input starts in _owner
    private int _offset;
    private DecodeError? _error;

    /// <summary>Reads from <paramref name="input"/>.</summary>
    public CanonicalReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        _owner = null;
        _ownerStart = 0;
        _offset = 0;
        _error = null;
    }

    /// <summary>Reads from an array the decoded value will own (nobody else may write to it afterwards):
    /// <see cref="Bytes16Shared"/> and <see cref="Bytes32Shared"/> then return slices of it instead of copies.</summary>
    public CanonicalReader(byte[] owned) : this(owned, 0, owned.Length) { }

    /// <summary>Reads <paramref name="length"/> bytes from <paramref name="start"/> of an array the decoded value will
    /// own (nobody else may write to it afterwards): shared reads return slices of it.</summary>
    public CanonicalReader(byte[] owned, int start, int length)
    {
        _input = owned.AsSpan(start, length);
        _owner = owned;
        _ownerStart = start;
        _offset = 0;
        _error = null;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Offset => _offset;

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _input.Length - _offset;

    /// <summary>The first failure, if any.</summary>
    public readonly DecodeError? Error => _error;

    /// <summary>True while no read has failed.</summary>
    public readonly bool Ok => _error is null;

    /// <summary>Records a failure (the first one wins) and returns false.</summary>
    public bool Fail(DecodeErrorKind kind, string reason)
    {
        _error ??= new DecodeError(kind, _offset, reason);
        return false;
    }

    /// <summary>Fails with <see cref="DecodeErrorKind.TrailingBytes"/> unless every byte was consumed.</summary>
    public bool End()
    {
        if (!Ok) return false;
        return Remaining == 0 || Fail(DecodeErrorKind.TrailingBytes, $"{Remaining} bytes follow the end of the value.");
    }

    private bool Take(int count, string field, out ReadOnlySpan<byte> bytes)
    {
        if (!Ok || count > Remaining)
        {
            bytes = default;
            return Ok && Fail(DecodeErrorKind.Truncated, $"{field}: needs {count} bytes, {Remaining} remain.");
        }
        bytes = _input.Slice(_offset, count);
        _offset += count;
        return true;
    }

    /// <summary>Reads one byte.</summary>
    public bool U8(string field, out byte value)
    {
        value = Take(1, field, out var b) ? b[0] : (byte)0;
        return Ok;
    }

    /// <summary>Reads a big-endian u16.</summary>
    public bool U16(string field, out ushort value)
    {
        value = Take(2, field, out var b) ? BinaryPrimitives.ReadUInt16BigEndian(b) : (ushort)0;
        return Ok;
    }

    /// <summary>Reads a big-endian u32.</summary>
    public bool U32(string field, out uint value)
    {
        value = Take(4, field, out var b) ? BinaryPrimitives.ReadUInt32BigEndian(b) : 0;
        return Ok;
    }

    /// <summary>Reads a big-endian u64.</summary>
    public bool U64(string field, out ulong value)
    {
        value = Take(8, field, out var b) ? BinaryPrimitives.ReadUInt64BigEndian(b) : 0;
        return Ok;
    }

    /// <summary>Reads a big-endian i64.</summary>
    public bool I64(string field, out long value)
    {
        bool ok = U64(field, out var raw);
        value = unchecked((long)raw);
        return ok;
    }

    /// <summary>Reads a 32-byte hash.</summary>
    public bool Hash(string field, out Hash256 value)
    {
        value = Take(Hash256.Size, field, out var b) ? new Hash256(b) : default;
        return Ok;
    }

    /// <summary>Reads exactly <paramref name="count"/> raw bytes (a slice of the input, not a copy).</summary>
    public bool Raw(string field, int count, out ReadOnlySpan<byte> value) => Take(count, field, out value);

    /// <summary>Reads a u16-prefixed byte string of at most <paramref name="max"/> bytes.</summary>
    public bool Bytes16(string field, int max, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!U16(field, out var length)) return false;
        if (length > max) return Fail(DecodeErrorKind.Oversized, $"{field}: {length} bytes exceeds the limit of {max}.");
        return Take(length, field, out value);
    }

    /// <summary>Reads a u16-prefixed byte string as memory: a slice of the input when the reader was made over an
    /// owned array, otherwise a copy.</summary>
    public bool Bytes16Shared(string field, int max, out ReadOnlyMemory<byte> value)
    {
        value = default;
        if (!Bytes16(field, max, out var span)) return false;
        value = Shared(span);
        return true;
    }

    /// <summary>Reads a u32-prefixed byte string as memory: a slice of the input when the reader was made over an
    /// owned array, otherwise a copy. Either way the result is an array nobody else writes to.</summary>
    public bool Bytes32Shared(string field, int max, out ReadOnlyMemory<byte> value)
    {
        value = default;
        if (!Bytes32(field, max, out var span)) return false;
        value = Shared(span);
        return true;
    }

    // The bytes just read, which end at the current offset.
    private readonly ReadOnlyMemory<byte> Shared(ReadOnlySpan<byte> justRead) =>
        _owner is null ? justRead.ToArray() : new ReadOnlyMemory<byte>(_owner, _ownerStart + _offset - justRead.Length, justRead.Length);

    /// <summary>Reads a u32-prefixed byte string of at most <paramref name="max"/> bytes.</summary>
    public bool Bytes32(string field, int max, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!U32(field, out var length)) return false;
        if (length > (uint)max) return Fail(DecodeErrorKind.Oversized, $"{field}: {length} bytes exceeds the limit of {max}.");
        return Take((int)length, field, out value);
    }

    /// <summary>Reads a count (u16) of at most <paramref name="max"/> items.</summary>
    public bool Count16(string field, int max, out int count)
    {
        count = 0;
        if (!U16(field, out var c)) return false;
        if (c > max) return Fail(DecodeErrorKind.Oversized, $"{field}: {c} items exceeds the limit of {max}.");
        count = c;
        return true;
    }

    /// <summary>Reads a count (u32) of at most <paramref name="max"/> items.</summary>
    public bool Count32(string field, int max, out int count)
    {
        count = 0;
        if (!U32(field, out var c)) return false;
        if (c > (uint)max) return Fail(DecodeErrorKind.Oversized, $"{field}: {c} items exceeds the limit of {max}.");
        count = (int)c;
        return true;
    }

    /// <summary>Reads a public key: scheme byte then the scheme's fixed-length key bytes.</summary>
    public bool Key(string field, out PublicKey? key)
    {
        key = null;
        if (!U8(field, out var schemeByte)) return false;
        var scheme = SignatureSchemes.TryGet((SignatureScheme)schemeByte);
        if (scheme is null) return Fail(DecodeErrorKind.UnknownTag, $"{field}: unknown signature scheme {schemeByte}.");
        if (!Take(scheme.PublicKeyLength, field, out var bytes)) return false;
        key = PublicKey.Decoded(scheme.Id, bytes);
        return true;
    }
}
