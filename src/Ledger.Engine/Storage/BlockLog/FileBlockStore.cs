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
    private readonly List<BlockEntry> _index = []; // every entry, blobs included: the node reads recent ledgers back often
    private long _endOffset;

    private FileBlockStore(string path, FileStream file, bool fsyncOnAppend)
    {
        Path = path;
        _file = file;
        _fsyncOnAppend = fsyncOnAppend;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>What opening the file found.</summary>
    public BlockLogRecovery Recovery { get; private set; }

    /// <summary>Opens (or creates) the log at <paramref name="path"/> and recovers it. With
    /// <paramref name="fsyncOnAppend"/> every append is flushed to the device before it returns, so a ledger reported
    /// validated survives a power cut; without it only a process crash is survived. Throws
    /// <see cref="BlockLogCorruptedException"/> for damage that is not a torn last append.</summary>
    public static FileBlockStore Open(string path, bool fsyncOnAppend = true)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess);
        var store = new FileBlockStore(path, file, fsyncOnAppend);
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
            var rest = new byte[bodyLength + TrailerBytes];
            RandomAccess.Read(_file.SafeFileHandle, rest, offset + EntryHeaderBytes);
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                sha.AppendData(entryHeader);
                sha.AppendData(rest, 0, (int)bodyLength);
                sha.GetHashAndReset(check);
            }
            if (!check.SequenceEqual(rest.AsSpan((int)bodyLength)))
                throw new BlockLogCorruptedException(Path, offset, entryIndex, "the entry's SHA-256 does not match its contents");
            var last = _index.Count == 0 ? null : _index[^1];
            if (last is not null && sequence != last.Sequence + 1)
                throw new BlockLogCorruptedException(Path, offset, entryIndex, $"sequence {sequence} follows {last.Sequence}; entries must be consecutive");
            var hash = new Hash256(rest.AsSpan(0, Hash256.Size));
            var blob = rest.AsMemory(Hash256.Size, (int)bodyLength - Hash256.Size);
            _index.Add(new BlockEntry(sequence, hash, blob));
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
        get { lock (_gate) return _index.Count == 0 ? null : _index[^1]; }
    }

    /// <inheritdoc />
    public void Append(ulong sequence, Hash256 hash, ReadOnlySpan<byte> blob)
    {
        if (blob.Length > MaxBlobBytes) ThrowHelper.Argument(nameof(blob), $"A block of {blob.Length} bytes exceeds the limit of {MaxBlobBytes}.");
        lock (_gate)
        {
            BlockOrder.CheckNext(_index.Count == 0 ? null : _index[^1], sequence);
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
            _index.Add(new BlockEntry(sequence, hash, blob.ToArray()));
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
            entry = _index[(int)i];
            return true;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<BlockEntry> ReadAll()
    {
        lock (_gate) return _index.ToArray();
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();
}
