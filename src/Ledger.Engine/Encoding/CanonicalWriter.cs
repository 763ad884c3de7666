using System.Buffers;
using System.Buffers.Binary;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Encoding;

/// <summary>
/// Writes the canonical binary encoding: fixed-width big-endian integers, 32-byte hashes as-is, and variable-length
/// byte strings prefixed by a u16 or u32 length. There is exactly one encoding of every value, so hashes of encodings
/// are stable across processes and machines. Writes into any <see cref="IBufferWriter{T}"/>.
/// </summary>
public readonly ref struct CanonicalWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Writes into <paramref name="output"/>.</summary>
    public CanonicalWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>One byte.</summary>
    public void U8(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    /// <summary>A big-endian u16.</summary>
    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    /// <summary>A big-endian u32.</summary>
    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    /// <summary>A big-endian u64.</summary>
    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    /// <summary>A big-endian two's-complement i64.</summary>
    public void I64(long value) => U64(unchecked((ulong)value));

    /// <summary>A 32-byte hash.</summary>
    public void Hash(in Hash256 value)
    {
        value.CopyTo(_output.GetSpan(Hash256.Size));
        _output.Advance(Hash256.Size);
    }

    /// <summary>Raw bytes with no length prefix (the reader must know the length).</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    /// <summary>A byte string of at most 65,535 bytes, prefixed by its u16 length.</summary>
    public void Bytes16(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ushort.MaxValue) ThrowHelper.Argument(nameof(bytes), $"A u16-prefixed byte string holds at most {ushort.MaxValue} bytes, not {bytes.Length}.");
        U16((ushort)bytes.Length);
        Raw(bytes);
    }

    /// <summary>A byte string prefixed by its u32 length.</summary>
    public void Bytes32(ReadOnlySpan<byte> bytes)
    {
        U32((uint)bytes.Length);
        Raw(bytes);
    }

    /// <summary>A public key: scheme byte, then the key bytes (length fixed by the scheme).</summary>
    public void Key(PublicKey key)
    {
        U8((byte)key.Scheme);
        Raw(key.Bytes);
    }
}
