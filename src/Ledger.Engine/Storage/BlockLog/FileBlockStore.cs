using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Storage.BlockLog;

/// <summary>
/// An append-only file of validated ledgers. Layout: a 16-byte file header ("HLBLKLOG", u32 format version, u32
/// zero), then entries. Each entry is a 24-byte entry header (u32 magic "HLBE", u32 body length, u64 sequence, the
/// first 8 bytes of SHA-256 over those 16 bytes), the body (32-byte ledger hash, then the blob), and a 32-byte
/// SHA-256 over entry header and body. The header check lets recovery trust a length before reading the body, so a
/// flipped length bit is reported as corruption instead of being mistaken for a torn tail.
/// <para>Opening recovers every complete entry. An incomplete last entry (a crash during append: the file ends
/// inside it) or an all-zero tail (a file system that extended the file before the data landed) is cut off. Anything
/// else that does not check out throws <see cref="BlockLogCorruptedException"/>.</para>
/// <para>Memory is bounded: the store keeps every entry's place in the file, but the blobs of only the most recent
/// <see cref="BlobsKept"/> entries (what peers catching up and the node itself read back); an older entry is read from
/// the file when asked for and checked against its SHA-256 again. A long-running node does not hold its whole history.
/// </para>
/// </summary>
public sealed class FileBlockStore : IBlockStore
{
    private static ReadOnlySpan<byte> FileMagic => "HLBLKLOG"u8;
    private const uint FormatVersion = 1;
    private const int FileHeaderBytes = 16;
    private const uint EntryMagic = 0x484C4245; // "HLBE"
    private const int EntryHeaderBytes = 24;
    private const int TrailerBytes = 32;

    /// <summary>The largest blob accepted (256 MiB): bounds what a damaged length can make recovery allocate.</summary>
    public const int MaxBlobBytes = 256 << 20;

    private readonly object _gate = new();
    private readonly FileStream _file;
    private readonly bool _fsyncOnAppend;
    private readonly List<Slot> _index = []; // every entry's place in the file; blobs of the last BlobsKept only
    private readonly int _blobsKept;
    private readonly List<string> _readFailures = [];
    private long _endOffset;

    /// <summary>Where an entry is in the file, and its blob while it is among the most recent.</summary>
    private sealed class Slot(ulong sequence, Hash256 hash, long offset, int bodyLength, ReadOnlyMemory<byte>? blob)
    {
        public ulong Sequence { get; } = sequence;
        public Hash256 Hash { get; } = hash;
        public long Offset { get; } = offset;
        public int BodyLength { get; } = bodyLength;
        public BlockEntry? Entry { get; set; } = blob is { } b ? new BlockEntry(sequence, hash, b) : null;
    }

    /// <summary>Blobs kept in memory by default: the last 4 ledgers, as many as a node keeps decoded
    /// (<c>ConsensusNode.LedgersKeptInMemory</c>).</summary>
    public const int DefaultBlobsKept = 4;

    private FileBlockStore(string path, FileStream file, bool fsyncOnAppend, int blobsKept)
    {
        Path = path;
        _file = file;
        _fsyncOnAppend = fsyncOnAppend;
        _blobsKept = blobsKept;
    }

    /// <summary>How many of the most recent entries keep their blob in memory.</summary>
    public int BlobsKept => _blobsKept;

    /// <summary>Entries whose blob is in memory now (at most <see cref="BlobsKept"/>).</summary>
    public int BlobsInMemory
    {
        get { lock (_gate) return _index.Count(e => e.Entry is not null); }
    }

    /// <summary>Older entries that did not check out when read back from the file (damaged after it was opened), each
    /// with where and why; <see cref="TryGet"/> answered false for them.</summary>
    public IReadOnlyList<string> ReadFailures
    {
        get { lock (_gate) return _readFailures.ToArray(); }
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>What opening the file found.</summary>
    public BlockLogRecovery Recovery { get; private set; }

    /// <summary>Opens (or creates) the log at <paramref name="path"/> and recovers it. With
    /// <paramref name="fsyncOnAppend"/> every append is flushed to the device before it returns, so a ledger reported
    /// validated survives a power cut; without it only a process crash is survived. Throws
    /// <see cref="BlockLogCorruptedException"/> for damage that is not a torn last append.</summary>
    public static FileBlockStore Open(string path, bool fsyncOnAppend = true, int blobsKept = DefaultBlobsKept)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blobsKept, 1);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess);
        var store = new FileBlockStore(path, file, fsyncOnAppend, blobsKept);
        try
        {
            store.Recover();
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return store;
    }

    private void Recover()
    {
        long length = _file.Length;
        Span<byte> fileHeader = stackalloc byte[FileHeaderBytes];
        WriteFileHeader(fileHeader);
        if (length < FileHeaderBytes)
        {
            // A new file, or one whose creation was cut short: nothing validated can be in it yet.
            var existing = new byte[length];
            RandomAccess.Read(_file.SafeFileHandle, existing, 0);
            if (!fileHeader[..(int)length].SequenceEqual(existing) && existing.AsSpan().ContainsAnyExcept((byte)0))
                throw new BlockLogCorruptedException(Path, 0, 0, "the file is shorter than its header and is not a prefix of it");
            _file.SetLength(0);
            _file.Position = 0;
            _file.Write(fileHeader);
            Flush();
            _endOffset = FileHeaderBytes;
            Recovery = new BlockLogRecovery(0, length);
            return;
        }

        Span<byte> readHeader = stackalloc byte[FileHeaderBytes];
        RandomAccess.Read(_file.SafeFileHandle, readHeader, 0);
        if (!readHeader[..8].SequenceEqual(FileMagic))
            throw new BlockLogCorruptedException(Path, 0, 0, "the file does not start with the block log marker HLBLKLOG");
        uint version = BinaryPrimitives.ReadUInt32BigEndian(readHeader[8..]);
        if (version != FormatVersion)
            throw new BlockLogCorruptedException(Path, 8, 0, $"format version {version} is not the supported version {FormatVersion}");
        if (BinaryPrimitives.ReadUInt32BigEndian(readHeader[12..]) != 0)
            throw new BlockLogCorruptedException(Path, 12, 0, "the file header's reserved bytes are not zero");

        long offset = FileHeaderBytes;
        Span<byte> entryHeader = stackalloc byte[EntryHeaderBytes];
        Span<byte> check = stackalloc byte[32];
        while (offset < length)
        {
            int entryIndex = _index.Count;
            long remaining = length - offset;
            if (remaining < EntryHeaderBytes)
            {
                Truncate(offset, length);
                return;
            }
            RandomAccess.Read(_file.SafeFileHandle, entryHeader, offset);
            SHA256.HashData(entryHeader[..16], check);
            bool headerOk = BinaryPrimitives.ReadUInt32BigEndian(entryHeader) == EntryMagic && entryHeader[16..].SequenceEqual(check[..8]);
            if (!headerOk)
            {
                if (TailIsZero(offset, length))
                {
                    Truncate(offset, length);
                    return;
                }
                throw new BlockLogCorruptedException(Path, offset, entryIndex, "the entry header's marker or checksum does not match");
            }
            uint bodyLength = BinaryPrimitives.ReadUInt32BigEndian(entryHeader[4..]);
            ulong sequence = BinaryPrimitives.ReadUInt64BigEndian(entryHeader[8..]);
            if (bodyLength < Hash256.Size || bodyLength > Hash256.Size + (uint)MaxBlobBytes)
                throw new BlockLogCorruptedException(Path, offset, entryIndex, $"body length {bodyLength} is outside {Hash256.Size}..{Hash256.Size + MaxBlobBytes}");
            long entryBytes = EntryHeaderBytes + (long)bodyLength + TrailerBytes;
            if (entryBytes > remaining)
            {
                Truncate(offset, length); // the append that was running when the process stopped
                return;
            }
            var bytes = new byte[entryBytes];
            entryHeader.CopyTo(bytes);
            RandomAccess.Read(_file.SafeFileHandle, bytes.AsSpan(EntryHeaderBytes), offset + EntryHeaderBytes);
            if (!TrailerMatches(bytes, (int)bodyLength))
                throw new BlockLogCorruptedException(Path, offset, entryIndex, "the entry's SHA-256 does not match its contents");
            var last = _index.Count == 0 ? null : _index[^1];
            if (last is not null && sequence != last.Sequence + 1)
                throw new BlockLogCorruptedException(Path, offset, entryIndex, $"sequence {sequence} follows {last.Sequence}; entries must be consecutive");
            Add(new Slot(sequence, LedgerHashOf(bytes), offset, (int)bodyLength, BlobOf(bytes, (int)bodyLength)));
            offset += entryBytes;
        }
        _endOffset = offset;
        Recovery = new BlockLogRecovery(_index.Count, 0);
    }

    private bool TailIsZero(long offset, long length)
    {
        var buffer = new byte[64 * 1024];
        while (offset < length)
        {
            int n = RandomAccess.Read(_file.SafeFileHandle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
            if (n <= 0) break;
            if (buffer.AsSpan(0, n).ContainsAnyExcept((byte)0)) return false;
            offset += n;
        }
        return true;
    }

    private void Truncate(long offset, long length)
    {
        _file.SetLength(offset);
        Flush();
        _endOffset = offset;
        Recovery = new BlockLogRecovery(_index.Count, length - offset);
    }

    private static void WriteFileHeader(Span<byte> header)
    {
        FileMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32BigEndian(header[12..], 0);
    }

    private void Flush()
    {
        if (_fsyncOnAppend) _file.Flush(flushToDisk: true);
    }

    /// <inheritdoc />
    public int Count
    {
        get { lock (_gate) return _index.Count; }
    }

    /// <inheritdoc />
    public BlockEntry? Last
    {
        get { lock (_gate) return _index.Count == 0 ? null : _index[^1].Entry; } // the last entry always keeps its blob
    }

    /// <summary>Adds an entry and lets go of the blob of the one that falls out of the recent window.</summary>
    private void Add(Slot slot)
    {
        _index.Add(slot);
        if (_index.Count > _blobsKept) _index[^(_blobsKept + 1)].Entry = null;
    }

    /// <summary>Reads an older entry back from the file and checks it as recovery does; null (and the reason kept in
    /// <see cref="ReadFailures"/>) when it no longer checks out.</summary>
    private BlockEntry? ReadBack(Slot slot, int entryIndex)
    {
        var bytes = new byte[EntryHeaderBytes + slot.BodyLength + TrailerBytes];
        int read;
        try
        {
            read = RandomAccess.Read(_file.SafeFileHandle, bytes, slot.Offset);
        }
        catch (IOException e)
        {
            _readFailures.Add($"entry {entryIndex} (sequence {slot.Sequence}) at offset {slot.Offset}: {e.Message}");
            return null;
        }
        string? problem = null;
        if (read != bytes.Length) problem = $"the file ends {bytes.Length - read} bytes before the entry does";
        else if (!TrailerMatches(bytes, slot.BodyLength)) problem = "the entry's SHA-256 does not match its contents";
        else if (BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)) != slot.Sequence || LedgerHashOf(bytes) != slot.Hash)
            problem = "the entry no longer holds the sequence and ledger hash it was stored with";
        if (problem is not null)
        {
            _readFailures.Add($"entry {entryIndex} (sequence {slot.Sequence}) at offset {slot.Offset}: {problem}");
            return null;
        }
        return new BlockEntry(slot.Sequence, slot.Hash, BlobOf(bytes, slot.BodyLength));
    }

    // A whole entry read from the file (header, body of bodyLength bytes, trailer): its checks and its parts.
    private static bool TrailerMatches(ReadOnlySpan<byte> entry, int bodyLength)
    {
        Span<byte> check = stackalloc byte[32];
        SHA256.HashData(entry[..(EntryHeaderBytes + bodyLength)], check);
        return check.SequenceEqual(entry.Slice(EntryHeaderBytes + bodyLength, TrailerBytes));
    }

    private static Hash256 LedgerHashOf(ReadOnlySpan<byte> entry) => new(entry.Slice(EntryHeaderBytes, Hash256.Size));

    private static ReadOnlyMemory<byte> BlobOf(byte[] entry, int bodyLength) => entry.AsMemory(EntryHeaderBytes + Hash256.Size, bodyLength - Hash256.Size);

    /// <inheritdoc />
    public void Append(ulong sequence, Hash256 hash, ReadOnlySpan<byte> blob)
    {
        if (blob.Length > MaxBlobBytes) ThrowHelper.Argument(nameof(blob), $"A block of {blob.Length} bytes exceeds the limit of {MaxBlobBytes}.");
        lock (_gate)
        {
            BlockOrder.CheckNext(_index.Count == 0 ? null : _index[^1].Entry, sequence);
            int bodyLength = Hash256.Size + blob.Length;
            var entry = new byte[EntryHeaderBytes + bodyLength + TrailerBytes];
            var span = entry.AsSpan();
            BinaryPrimitives.WriteUInt32BigEndian(span, EntryMagic);
            BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)bodyLength);
            BinaryPrimitives.WriteUInt64BigEndian(span[8..], sequence);
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(span[..16], digest);
            digest[..8].CopyTo(span[16..]);
            hash.CopyTo(span[EntryHeaderBytes..]);
            blob.CopyTo(span[(EntryHeaderBytes + Hash256.Size)..]);
            SHA256.HashData(span[..(EntryHeaderBytes + bodyLength)], span[(EntryHeaderBytes + bodyLength)..]);

            RandomAccess.Write(_file.SafeFileHandle, entry, _endOffset);
            Flush();
            Add(new Slot(sequence, hash, _endOffset, bodyLength, BlobOf(entry, bodyLength))); // the written entry's body: one copy, not two
            _endOffset += entry.Length;
        }
    }

    /// <inheritdoc />
    public bool TryGet(ulong sequence, [NotNullWhen(true)] out BlockEntry? entry)
    {
        lock (_gate)
        {
            entry = null;
            if (_index.Count == 0 || sequence < _index[0].Sequence) return false;
            ulong i = sequence - _index[0].Sequence;
            if (i >= (ulong)_index.Count) return false;
            var slot = _index[(int)i];
            entry = slot.Entry ?? ReadBack(slot, (int)i);
            return entry is not null;
        }
    }

    /// <inheritdoc />
    /// <remarks>Entries older than the recent window are read from the file one at a time, as the enumeration reaches
    /// them, so a restart's replay of a long log holds one blob at a time, not the log. An entry damaged since the file
    /// was opened throws <see cref="BlockLogCorruptedException"/> when it is reached, as opening the file would.</remarks>
    public IEnumerable<BlockEntry> ReadAll() => ReadFrom(0);

    /// <inheritdoc />
    /// <remarks>Entries before <paramref name="first"/> are not read at all.</remarks>
    public IEnumerable<BlockEntry> ReadFrom(ulong first)
    {
        int count, start;
        lock (_gate)
        {
            count = _index.Count;
            start = count == 0 || first <= _index[0].Sequence ? 0 : (int)Math.Min((ulong)count, first - _index[0].Sequence);
        }
        for (int i = start; i < count; i++)
        {
            BlockEntry entry;
            lock (_gate)
            {
                var slot = _index[i];
                entry = slot.Entry ?? ReadBack(slot, i) ?? throw new BlockLogCorruptedException(Path, slot.Offset, i, _readFailures[^1]);
            }
            yield return entry;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();
}
