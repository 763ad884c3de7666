using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Ledger;

/// <summary>
/// One viewer's access to one record version (seed 3.3.2, 3.3.4): the record's pointer and its AES key, each sealed
/// to the viewer's box key so only that viewer can open them, and an optional expiry in ledger close time (the
/// subscription model). <paramref name="ExpiresAtMs"/> of 0 means the grant does not expire.
/// </summary>
/// <param name="Viewer">The viewer's account id.</param>
/// <param name="EncryptedPointer">The blob pointer, sealed to the viewer.</param>
/// <param name="EncryptedKey">The record key, sealed to the viewer.</param>
/// <param name="ExpiresAtMs">Ledger close time (ms since the Unix epoch) from which the grant no longer counts; 0 = never.</param>
public sealed record ViewerGrant(Hash256 Viewer, ReadOnlyMemory<byte> EncryptedPointer, ReadOnlyMemory<byte> EncryptedKey, long ExpiresAtMs)
{
    /// <summary>Largest sealed pointer accepted, in bytes.</summary>
    public const int MaxPointerBytes = 1024;

    /// <summary>Largest sealed key accepted, in bytes.</summary>
    public const int MaxKeyBytes = 256;

    /// <summary>True when the grant is in force at ledger close time <paramref name="closeTimeMs"/>.</summary>
    public bool IsActiveAt(long closeTimeMs) => ExpiresAtMs == 0 || closeTimeMs < ExpiresAtMs;

    internal void Write(CanonicalWriter w)
    {
        w.Hash(Viewer);
        w.Bytes16(EncryptedPointer.Span);
        w.Bytes16(EncryptedKey.Span);
        w.I64(ExpiresAtMs);
    }

    internal static bool TryRead(ref CanonicalReader r, out ViewerGrant? grant)
    {
        grant = null;
        r.Hash("viewer", out var viewer);
        r.Bytes16Shared("encryptedPointer", MaxPointerBytes, out var pointer);
        r.Bytes16Shared("encryptedKey", MaxKeyBytes, out var key);
        r.I64("expiresAtMs", out var expires);
        if (!r.Ok) return false;
        if (expires < 0) return r.Fail(DecodeErrorKind.InvalidValue, "expiresAtMs: must not be negative.");
        grant = new ViewerGrant(viewer, pointer, key, expires);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ViewerGrant? other) =>
        other is not null && Viewer == other.Viewer && ExpiresAtMs == other.ExpiresAtMs
        && EncryptedPointer.Span.SequenceEqual(other.EncryptedPointer.Span) && EncryptedKey.Span.SequenceEqual(other.EncryptedKey.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Viewer, ExpiresAtMs, EncryptedPointer.Length, EncryptedKey.Length);
}

/// <summary>Reads and writes viewer lists: sorted by viewer id, no duplicates, at most <see cref="MaxViewers"/>.</summary>
public static class ViewerList
{
    /// <summary>Most viewers one record version may have.</summary>
    public const int MaxViewers = 256;

    internal static void Write(CanonicalWriter w, ReadOnlySpan<ViewerGrant> viewers)
    {
        w.U16((ushort)viewers.Length);
        foreach (var v in viewers) v.Write(w);
    }

    internal static bool TryRead(ref CanonicalReader r, out ViewerGrant[] viewers)
    {
        viewers = [];
        if (!r.Count16("viewers", MaxViewers, out int count)) return false;
        var list = new ViewerGrant[count];
        for (int i = 0; i < count; i++)
        {
            if (!ViewerGrant.TryRead(ref r, out var g)) return false;
            if (i > 0 && g!.Viewer <= list[i - 1].Viewer)
                return r.Fail(DecodeErrorKind.InvalidValue, "viewers: must be sorted by viewer id with no duplicates.");
            list[i] = g!;
        }
        viewers = list;
        return true;
    }

    /// <summary>Sorts grants into canonical order; throws on a duplicate viewer (a programming error in the caller).</summary>
    public static ViewerGrant[] Canonical(IEnumerable<ViewerGrant> grants)
    {
        var sorted = grants.OrderBy(g => g.Viewer).ToArray();
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i].Viewer == sorted[i - 1].Viewer) ThrowHelper.Argument(nameof(grants), $"Viewer {sorted[i].Viewer.ToShortString()} appears twice.");
        return sorted;
    }
}
