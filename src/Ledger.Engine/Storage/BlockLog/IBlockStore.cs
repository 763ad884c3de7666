using System.Diagnostics.CodeAnalysis;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Storage.BlockLog;

/// <summary>
/// Where a node keeps the ledgers it saw fully validated, in sequence order, so that a restart recovers every ledger
/// it reported. Ledgers are opaque blobs here (the node core encodes and decodes them); the store only guarantees
/// that what it returns is exactly what was appended. Sequences are consecutive: each append is the last one plus 1.
/// </summary>
public interface IBlockStore : IDisposable
{
    /// <summary>Number of entries held.</summary>
    int Count { get; }

    /// <summary>The entry with the highest sequence, or null when the store is empty.</summary>
    BlockEntry? Last { get; }

    /// <summary>Appends a validated ledger. Throws <see cref="InvalidOperationException"/> unless
    /// <paramref name="sequence"/> is the last sequence plus one (any sequence is accepted into an empty store):
    /// appending out of order is a bug in the caller, not bad input.</summary>
    void Append(ulong sequence, Hash256 hash, ReadOnlySpan<byte> blob);

    /// <summary>Appends ledger <paramref name="hash"/> from a copy of its encoding this store shares with others, without
    /// the caller encoding it; false when it holds no such copy (the caller then encodes the ledger and calls
    /// <see cref="Append"/>). A ledger's encoding is fixed by its hash: the header it hashes commits to the ids of its
    /// transactions in order, and each id to that transaction's bytes. Ordering as for <see cref="Append"/>.</summary>
    bool TryAppendShared(ulong sequence, Hash256 hash) => false;

    /// <summary>The entry at <paramref name="sequence"/>, if held.</summary>
    bool TryGet(ulong sequence, [NotNullWhen(true)] out BlockEntry? entry);

    /// <summary>Every entry in sequence order, each fetched as the enumeration reaches it (a store on disk reads it back
    /// then), so a caller going through a long log holds one entry at a time; entries appended after the enumeration
    /// starts are not included.</summary>
    IEnumerable<BlockEntry> ReadAll();

    /// <summary>The entries from sequence <paramref name="first"/> on, as <see cref="ReadAll"/> reads them (a restart from
    /// a state snapshot replays only the ledgers after it).</summary>
    IEnumerable<BlockEntry> ReadFrom(ulong first) => ReadAll().SkipWhile(e => e.Sequence < first);
}

/// <summary>One stored ledger.</summary>
/// <param name="Sequence">The ledger's sequence number.</param>
/// <param name="Hash">The ledger's hash, as given when it was appended.</param>
/// <param name="Blob">The ledger's encoding, exactly as appended.</param>
public sealed record BlockEntry(ulong Sequence, Hash256 Hash, ReadOnlyMemory<byte> Blob);
