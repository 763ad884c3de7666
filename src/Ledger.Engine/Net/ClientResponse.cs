using System.Buffers;

using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Net;

/// <summary>A node's state as a client sees it.</summary>
/// <param name="ValidatedSequence">The newest fully validated ledger.</param>
/// <param name="ValidatedHash">Its hash.</param>
/// <param name="ClosedSequence">The ledger the node's current round builds on.</param>
/// <param name="Pending">Transactions in the node's pool.</param>
/// <param name="Peers">Validators connected now.</param>
/// <param name="FramesSent">Frames the node wrote since it started.</param>
/// <param name="BytesSent">Bytes the node wrote.</param>
/// <param name="FramesReceived">Frames the node read.</param>
/// <param name="BytesReceived">Bytes the node read.</param>
/// <param name="Dropped">Messages the core dropped plus frames and connections the transport refused.</param>
public readonly record struct NodeStatus(uint ValidatedSequence, Hash256 ValidatedHash, uint ClosedSequence, uint Pending, ushort Peers,
    long FramesSent = 0, long BytesSent = 0, long FramesReceived = 0, long BytesReceived = 0, long Dropped = 0);

/// <summary>A client response frame's payload: the request id and operation it answers, and either an error sentence
/// or the operation's result.</summary>
/// <param name="RequestId">The request answered.</param>
/// <param name="Op">Its operation.</param>
/// <param name="Error">Null on success; otherwise why the node could not answer.</param>
public sealed record ClientResponse(ulong RequestId, ClientOp Op, string? Error)
{
    /// <summary>For <see cref="ClientOp.Submit"/>: the outcome.</summary>
    public TxResult Result { get; init; }

    /// <summary>For <see cref="ClientOp.Submit"/>: the ledger that applied (or gave up on) the transaction.</summary>
    public uint LedgerSequence { get; init; }

    /// <summary>For <see cref="ClientOp.Submit"/>: that ledger's close time.</summary>
    public long CloseTimeMs { get; init; }

    /// <summary>For <see cref="ClientOp.Status"/>.</summary>
    public NodeStatus Status { get; init; }

    /// <summary>For <see cref="ClientOp.GetLedger"/>: the ledger's <see cref="Node.Messages.LedgerResponseMessage"/>
    /// encoding, or null when the node does not hold it.</summary>
    public byte[]? Ledger { get; init; }

    /// <summary>The payload bytes.</summary>
    public byte[] Encode()
    {
        // Sized for a ledger up front: grown from 64 bytes by doubling, a 3-MB ledger left 16 discarded buffers behind.
        var buffer = new ArrayBufferWriter<byte>(64 + (Ledger?.Length ?? 0));
        var w = new CanonicalWriter(buffer);
        w.U64(RequestId);
        w.U8((byte)Op);
        if (Error is not null)
        {
            w.U8(1);
            var text = System.Text.Encoding.UTF8.GetBytes(Error);
            w.Bytes16(text.AsSpan(0, Math.Min(text.Length, 4_096)));
            return buffer.WrittenSpan.ToArray();
        }
        w.U8(0);
        switch (Op)
        {
            case ClientOp.Submit:
                w.U8((byte)Result);
                w.U32(LedgerSequence);
                w.I64(CloseTimeMs);
                break;
            case ClientOp.Status:
                w.U32(Status.ValidatedSequence);
                w.Hash(Status.ValidatedHash);
                w.U32(Status.ClosedSequence);
                w.U32(Status.Pending);
                w.U16(Status.Peers);
                w.I64(Status.FramesSent);
                w.I64(Status.BytesSent);
                w.I64(Status.FramesReceived);
                w.I64(Status.BytesReceived);
                w.I64(Status.Dropped);
                break;
            case ClientOp.GetLedger:
                w.U8(Ledger is null ? (byte)0 : (byte)1);
                if (Ledger is not null) w.Bytes32(Ledger);
                break;
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a payload; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, int maxLedgerBytes, out ClientResponse? response, out string reason)
    {
        response = null;
        var r = new CanonicalReader(payload);
        if (r.U64("requestId", out var id) && r.U8("op", out var opByte) && r.U8("failed", out var failed))
        {
            var op = (ClientOp)opByte;
            if (!Enum.IsDefined(op)) r.Fail(DecodeErrorKind.UnknownTag, $"op: {opByte} is not a client operation.");
            else if (failed == 1)
            {
                if (r.Bytes16("error", 4_096, out var text)) response = new ClientResponse(id, op, System.Text.Encoding.UTF8.GetString(text));
            }
            else if (failed != 0) r.Fail(DecodeErrorKind.InvalidValue, "failed: must be 0 or 1.");
            else
                switch (op)
                {
                    case ClientOp.Submit:
                        if (r.U8("result", out var result) && r.U32("ledger", out var seq) && r.I64("closeTimeMs", out var close))
                            response = new ClientResponse(id, op, null) { Result = (TxResult)result, LedgerSequence = seq, CloseTimeMs = close };
                        break;
                    case ClientOp.Status:
                        if (r.U32("validated", out var v) && r.Hash("validatedHash", out var vh) && r.U32("closed", out var c)
                            && r.U32("pending", out var p) && r.U16("peers", out var peers) && r.I64("framesSent", out var fs)
                            && r.I64("bytesSent", out var bs) && r.I64("framesReceived", out var fr) && r.I64("bytesReceived", out var br) && r.I64("dropped", out var d))
                            response = new ClientResponse(id, op, null) { Status = new NodeStatus(v, vh, c, p, peers, fs, bs, fr, br, d) };
                        break;
                    case ClientOp.GetLedger:
                        if (r.U8("found", out var found))
                        {
                            if (found == 0) response = new ClientResponse(id, op, null);
                            else if (r.Bytes32("ledger", maxLedgerBytes, out var ledger)) response = new ClientResponse(id, op, null) { Ledger = ledger.ToArray() };
                        }
                        break;
                }
            if (response is not null && r.End())
            {
                reason = "";
                return true;
            }
        }
        response = null;
        reason = r.Error?.ToString() ?? "the client response did not decode";
        return false;
    }
}
