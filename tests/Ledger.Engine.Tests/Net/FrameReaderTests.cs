using System.Buffers;
using System.Buffers.Binary;
using HealthLedger.Engine.Net;

namespace HealthLedger.Engine.Tests.Net;

public sealed class FrameReaderTests
{
    private static FrameReadStatus Read(byte[] bytes, out Frame frame, out long consumed, out FrameRejection rejection, int max = 1024) =>
        FrameReader.TryRead(new ReadOnlySequence<byte>(bytes), max, out frame, out consumed, out rejection);

    [Fact]
    public void A_written_frame_reads_back_and_says_how_much_it_used()
    {
        var bytes = FrameWriter.Encode(FrameType.Consensus, [1, 2, 3]).Concat(new byte[] { 9, 9 }).ToArray();
        Assert.Equal(FrameReadStatus.Frame, Read(bytes, out var frame, out long consumed, out _));
        Assert.Equal(FrameType.Consensus, frame.Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, frame.Payload.ToArray());
        Assert.Equal(8, consumed);
    }

    [Fact]
    public void Partial_input_is_incomplete_and_consumes_nothing()
    {
        var bytes = FrameWriter.Encode(FrameType.Hello, new byte[100]);
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(FrameReadStatus.Incomplete, Read(bytes[..cut], out _, out long consumed, out _));
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void Oversized_empty_and_unknown_frames_are_refused_with_their_reason()
    {
        var big = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(big, 1025);
        Assert.Equal(FrameReadStatus.Rejected, Read(big, out _, out _, out var r1));
        Assert.Equal(FrameError.Oversized, r1.Error);
        Assert.Equal(FrameReadStatus.Rejected, Read([0, 0, 0, 0, 3], out _, out _, out var r2));
        Assert.Equal(FrameError.Empty, r2.Error);
        Assert.Equal(FrameReadStatus.Rejected, Read([0, 0, 0, 1, 77], out _, out _, out var r3));
        Assert.Equal(FrameError.UnknownType, r3.Error);
    }

    [Fact]
    public void A_frame_split_across_segments_reads_the_same()
    {
        var bytes = FrameWriter.Encode(FrameType.ClientRequest, Enumerable.Range(0, 50).Select(i => (byte)i).ToArray());
        var sequence = Segments.Split(bytes, [1, 3, 4, 20]);
        Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(sequence, 1024, out var frame, out long consumed, out _));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(bytes[5..], frame.Payload.ToArray());
    }
}

/// <summary>Builds multi-segment sequences, as a pipe hands them over.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var points = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length).ToList();
        Segments? first = null, last = null;
        int start = 0;
        foreach (int end in points)
        {
            var segment = new Segments(bytes.AsMemory(start, end - start), start);
            if (first is null) first = last = segment;
            else
            {
                last!.Next = segment;
                last = segment;
            }
            start = end;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }
}
