using System.Buffers.Binary;
using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Storage.BlockLog;

/// <summary>
/// The last validation a validator signed (sequence and ledger hash), kept durably. An honest validator must never
/// sign two validations at one sequence, nor validate a later ledger on another branch while the one it validated can
/// still win; after a crash it no longer remembers what it signed. Without this mark a restarted validator could
/// equivocate, which voids the quorum-intersection argument behind agreement.
/// </summary>
public interface ISigningWatermark : IDisposable
{
    /// <summary>The highest sequence signed so far (0 when none).</summary>
    uint LastSignedSequence { get; }

    /// <summary>The ledger validated at <see cref="LastSignedSequence"/> (zero when none).</summary>
    Hash256 LastSignedLedger { get; }

    /// <summary>Records that the validator is about to sign <paramref name="ledger"/> at <paramref name="sequence"/>;
    /// durable before it returns. Calls at or below the current sequence are ignored.</summary>
    void Advance(uint sequence, Hash256 ledger);
}

/// <summary>An <see cref="ISigningWatermark"/> in memory, for the simulator (a simulated crash keeps the instance).</summary>
public sealed class MemorySigningWatermark : ISigningWatermark
{
    /// <inheritdoc />
    public uint LastSignedSequence { get; private set; }

    /// <inheritdoc />
    public Hash256 LastSignedLedger { get; private set; }

    /// <inheritdoc />
    public void Advance(uint sequence, Hash256 ledger)
    {
        if (sequence <= LastSignedSequence) return;
        LastSignedSequence = sequence;
        LastSignedLedger = ledger;
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }
}

/// <summary>
/// An <see cref="ISigningWatermark"/> in a 72-byte file: u32 sequence, 4 zero bytes, the 32-byte ledger hash, and
/// SHA-256 of those 40 bytes. Each
/// advance writes a new file beside the old one, flushes it to the device and renames it over the old one, so a crash
/// leaves either the old or the new mark, never a torn one. A damaged file is refused with
/// <see cref="BlockLogCorruptedException"/>: guessing low could make the validator equivocate.
/// </summary>
public sealed class FileSigningWatermark : ISigningWatermark
{
    private readonly string _path;

    private FileSigningWatermark(string path, uint sequence, Hash256 ledger)
    {
        _path = path;
        LastSignedSequence = sequence;
        LastSignedLedger = ledger;
    }

    /// <summary>Opens (or creates, at 0) the mark at <paramref name="path"/>.</summary>
    public static FileSigningWatermark Open(string path)
    {
        if (!File.Exists(path)) return new FileSigningWatermark(path, 0, Hash256.Zero);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != 72 || !SHA256.HashData(bytes.AsSpan(0, 40)).AsSpan().SequenceEqual(bytes.AsSpan(40)))
            throw new BlockLogCorruptedException(path, 0, 0, "the signing watermark does not check out; restore it or set it above every sequence this validator may have signed");
        return new FileSigningWatermark(path, BinaryPrimitives.ReadUInt32BigEndian(bytes), new Hash256(bytes.AsSpan(8, 32)));
    }

    /// <inheritdoc />
    public uint LastSignedSequence { get; private set; }

    /// <inheritdoc />
    public Hash256 LastSignedLedger { get; private set; }

    /// <inheritdoc />
    public void Advance(uint sequence, Hash256 ledger)
    {
        if (sequence <= LastSignedSequence) return;
        var bytes = new byte[72];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, sequence);
        ledger.CopyTo(bytes.AsSpan(8));
        SHA256.HashData(bytes.AsSpan(0, 40), bytes.AsSpan(40));
        string temp = _path + ".new";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(bytes);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, _path, overwrite: true);
        LastSignedSequence = sequence;
        LastSignedLedger = ledger;
    }

    /// <summary>Nothing held open.</summary>
    public void Dispose() { }
}
