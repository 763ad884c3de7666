using System.Buffers;
using System.Buffers.Binary;

namespace HealthLedger.Engine.Net;

/// <summary>Writes frames in the format <see cref="FrameReader"/> reads.</summary>
public static class FrameWriter
{
    /// <summary>The whole frame (prefix, type, payload) as one array: what send queues hold.</summary>
    public static byte[] Encode(FrameType type, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[FrameReader.PrefixBytes + 1 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(payload.Length + 1));
        bytes[FrameReader.PrefixBytes] = (byte)type;
        payload.CopyTo(bytes.AsSpan(FrameReader.PrefixBytes + 1));
        return bytes;
    }

    /// <summary>Writes the frame into <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, FrameType type, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(FrameReader.PrefixBytes + 1 + payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)(payload.Length + 1));
        span[FrameReader.PrefixBytes] = (byte)type;
        payload.CopyTo(span[(FrameReader.PrefixBytes + 1)..]);
        output.Advance(FrameReader.PrefixBytes + 1 + payload.Length);
    }
}
