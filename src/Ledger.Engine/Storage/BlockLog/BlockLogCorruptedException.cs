namespace HealthLedger.Engine.Storage.BlockLog;

/// <summary>
/// The block log holds damage that is not a torn last append: a bad checksum, a broken header or a sequence gap
/// before the end of the file. The node must not start on it; an operator restores the file or re-syncs from peers.
/// </summary>
public sealed class BlockLogCorruptedException : IOException
{
    /// <summary>Creates the exception for the file at <paramref name="path"/>.</summary>
    public BlockLogCorruptedException(string path, long offset, int entryIndex, string reason)
        : base($"Block log '{path}' is corrupted at byte {offset} (entry {entryIndex}): {reason}. Refusing to open it; restore the file or re-sync this node from its peers.")
    {
        Path = path;
        Offset = offset;
        EntryIndex = entryIndex;
        Reason = reason;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Byte offset of the damaged entry.</summary>
    public long Offset { get; }

    /// <summary>Zero-based index of the damaged entry.</summary>
    public int EntryIndex { get; }

    /// <summary>What is wrong, in a sentence.</summary>
    public string Reason { get; }
}

/// <summary>What opening a block log found.</summary>
/// <param name="EntriesRecovered">Complete entries read back.</param>
/// <param name="TruncatedBytes">Bytes of an incomplete last append that were cut off (0 for a clean file).</param>
public readonly record struct BlockLogRecovery(int EntriesRecovered, long TruncatedBytes);
