using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HealthLedger.Engine.Crypto;

/// <summary>
/// A 32-byte SHA-256 digest held by value. Equality, ordering and hashing are over the bytes, so the type is safe to
/// use as a dictionary key and sorts the same way in every process (no per-process string hashing involved).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>
{
    /// <summary>Length of a digest in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d; // big-endian words, so ordering by words equals ordering by bytes

    /// <summary>The all-zero digest, used as "no hash" (for example the parent of the genesis ledger).</summary>
    public static readonly Hash256 Zero;

    /// <summary>Reads a digest from exactly <see cref="Size"/> bytes.</summary>
    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) ThrowHelper.ArgumentLength(nameof(bytes), Size, bytes.Length);
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The first eight bytes as a big-endian number: ordering by it agrees with <see cref="CompareTo"/>
    /// wherever it differs.</summary>
    public ulong FirstWord => _a;

    /// <summary>True for the all-zero digest.</summary>
    public bool IsZero => (_a | _b | _c | _d) == 0;

    /// <summary>Writes the 32 bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>The 32 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The nibble (0..15) at position <paramref name="index"/> (0 is the high nibble of the first byte).</summary>
    public int Nibble(int index)
    {
        Debug.Assert((uint)index < 64, "A 256-bit key has 64 nibbles.");
        ulong word = (index >> 4) switch { 0 => _a, 1 => _b, 2 => _c, _ => _d };
        return (int)(word >> (60 - ((index & 15) << 2))) & 0xF;
    }

    /// <summary>SHA-256 of <paramref name="data"/>.</summary>
    public static Hash256 Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Size];
        Sha256.Hash(data, digest);
        return new Hash256(digest);
    }

    /// <summary>Parses 64 hexadecimal characters.</summary>
    public static bool TryParse(string? hex, out Hash256 hash)
    {
        hash = default;
        if (hex is null || hex.Length != Size * 2) return false;
        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != Size)
            return false;
        hash = new Hash256(bytes);
        return true;
    }

    /// <summary>Parses 64 hexadecimal characters or throws <see cref="FormatException"/>.</summary>
    public static Hash256 Parse(string hex) =>
        TryParse(hex, out var h) ? h : throw new FormatException($"'{hex}' is not a 64-character hexadecimal SHA-256 digest.");

    /// <inheritdoc />
    public bool Equals(Hash256 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hash256 h && Equals(h);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override int GetHashCode() => (int)_d ^ (int)(_d >> 32); // digests are uniform; any word will do

    /// <inheritdoc />
    public int CompareTo(Hash256 other)
    {
        int c = _a.CompareTo(other._a);
        if (c != 0) return c;
        c = _b.CompareTo(other._b);
        if (c != 0) return c;
        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    /// <summary>Lower-case hexadecimal.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>The first 8 hexadecimal characters, for logs.</summary>
    public string ToShortString() => ToString()[..8];

#pragma warning disable CS1591
    public static bool operator ==(Hash256 left, Hash256 right) => left.Equals(right);
    public static bool operator !=(Hash256 left, Hash256 right) => !left.Equals(right);
    public static bool operator <(Hash256 left, Hash256 right) => left.CompareTo(right) < 0;
    public static bool operator >(Hash256 left, Hash256 right) => left.CompareTo(right) > 0;
    public static bool operator <=(Hash256 left, Hash256 right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Hash256 left, Hash256 right) => left.CompareTo(right) >= 0;
#pragma warning restore CS1591
}
