using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>
/// The pointer format shared by every <see cref="IBlobStore"/>: a content address, the SHA-256 of the stored
/// ciphertext as exactly 64 lower-case hexadecimal characters (<c>[0-9a-f]{64}</c>), for example
/// <c>e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855</c> for the empty blob.
/// </summary>
/// <remarks>
/// Why a content address: the pointer is derived from the bytes, so a reader who fetches a blob can check that what
/// came back is what the pointer names (a swapped, rolled-back or bit-flipped blob hashes differently), and a store
/// can verify its own contents on every read. Why one canonical spelling (lower case only, no prefix, no
/// separators): a pointer is compared, indexed and used as a file name as plain text, so two spellings of one digest
/// would be two keys. Anything else, including path fragments such as <c>../x</c>, is rejected with
/// <see cref="BlobError.InvalidPointer"/> before a store touches its disk or database. The ledger keeps this text
/// encrypted (the "encrypted pointer" of a record), never in the clear.
/// </remarks>
public static class BlobPointer
{
    /// <summary>Characters in a pointer.</summary>
    public const int Length = Hash256.Size * 2;

    /// <summary>The pointer of <paramref name="content"/>: its SHA-256 in lower-case hexadecimal.</summary>
    public static string Compute(ReadOnlySpan<byte> content) => Hash256.Compute(content).ToString();

    /// <summary>True when <paramref name="pointer"/> is exactly 64 lower-case hexadecimal characters.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? pointer)
    {
        return pointer is not null && pointer.Length == Length && IsLowerHex(pointer);
    }

    /// <summary>True when every character is 0-9 or a-f.</summary>
    internal static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        return true;
    }

    /// <summary>Parses a well-formed pointer into its digest.</summary>
    public static bool TryParse([NotNullWhen(true)] string? pointer, out Hash256 hash)
    {
        hash = default;
        return IsWellFormed(pointer) && Hash256.TryParse(pointer, out hash);
    }

    /// <summary>True when <paramref name="content"/> hashes to <paramref name="pointer"/>. A malformed pointer
    /// matches nothing.</summary>
    public static bool Matches(string pointer, ReadOnlySpan<byte> content)
    {
        if (!TryParse(pointer, out var expected)) return false;
        Span<byte> digest = stackalloc byte[Hash256.Size];
        SHA256.HashData(content, digest);
        return new Hash256(digest) == expected;
    }
}
