using System.Buffers;

namespace HealthLedger.Engine.Encoding;

/// <summary>Helpers to encode a value into a right-sized array.</summary>
public static class Encoder
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>A per-thread scratch buffer, cleared, for encodings that are hashed or copied straight away.</summary>
    public static ArrayBufferWriter<byte> Scratch()
    {
        var buffer = t_scratch ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        return buffer;
    }
}
