using System.Buffers;
using System.Buffers.Binary;

namespace HealthLedger.Engine.Net;

/// <summary>What <see cref="FrameReader.TryRead"/> found at the start of the buffer.</summary>
public enum FrameReadStatus : byte
{
    /// <summary>A whole frame: <c>frame</c> is set and <c>consumed</c> bytes may be released.</summary>
    Frame,

    /// <summary>Not enough bytes yet; nothing consumed.</summary>
    Incomplete,

    /// <summary>The input can never become a valid frame; the connection must be closed (a length-prefixed stream
    /// cannot be resynchronised after a bad prefix).</summary>
    Rejected,
}

/// <summary>One frame: its type and its payload (a slice of the reader's buffer, valid until it is advanced).</summary>
/// <param name="Type">The frame type.</param>
/// <param name="Payload">The payload bytes after the type byte.</param>
public readonly record struct Frame(FrameType Type, ReadOnlySequence<byte> Payload);

/// <summary>
/// The wire framing: a 4-byte big-endian length, then that many bytes: a <see cref="FrameType"/> byte and the
/// payload. Pure and allocation-free (after Garnet's message consumers): it reads from a
/// <see cref="ReadOnlySequence{T}"/> and says how much it used, so a pipe, a test or a fuzzer drives it alike. A
/// length over the maximum is refused as soon as the prefix is seen, before any of the body is buffered.
/// </summary>
public static class FrameReader
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int PrefixBytes = 4;

    /// <summary>The default maximum of type byte plus payload (32 MiB: a full ledger of 5,000 health-record
    /// transactions is well under 16 MiB).</summary>
    public const int DefaultMaxFrameBytes = 32 << 20;

    /// <summary>Reads one frame from the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Bytes received and not yet consumed.</param>
    /// <param name="maxFrameBytes">The largest length prefix accepted.</param>
    /// <param name="frame">The frame, when the status is <see cref="FrameReadStatus.Frame"/>.</param>
    /// <param name="consumed">Bytes the frame used (prefix included); 0 unless a frame was read.</param>
    /// <param name="rejection">Why, when the status is <see cref="FrameReadStatus.Rejected"/>.</param>
    public static FrameReadStatus TryRead(in ReadOnlySequence<byte> buffer, int maxFrameBytes, out Frame frame, out long consumed, out FrameRejection rejection)
    {
        frame = default;
        consumed = 0;
        rejection = default;
        if (buffer.Length < PrefixBytes) return FrameReadStatus.Incomplete;
        Span<byte> prefix = stackalloc byte[PrefixBytes];
        buffer.Slice(0, PrefixBytes).CopyTo(prefix);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length == 0)
        {
            rejection = new FrameRejection(FrameError.Empty, "a frame of length 0 has no type byte");
            return FrameReadStatus.Rejected;
        }
        if (length > (uint)maxFrameBytes)
        {
            rejection = new FrameRejection(FrameError.Oversized, $"a frame of {length} bytes exceeds the limit of {maxFrameBytes}");
            return FrameReadStatus.Rejected;
        }
        if (buffer.Length < PrefixBytes + length) return FrameReadStatus.Incomplete;
        byte type = buffer.Slice(PrefixBytes, 1).FirstSpan[0];
        if (!Enum.IsDefined((FrameType)type))
        {
            rejection = new FrameRejection(FrameError.UnknownType, $"frame type {type} is not defined");
            return FrameReadStatus.Rejected;
        }
        frame = new Frame((FrameType)type, buffer.Slice(PrefixBytes + 1, length - 1));
        consumed = PrefixBytes + length;
        return FrameReadStatus.Frame;
    }
}
