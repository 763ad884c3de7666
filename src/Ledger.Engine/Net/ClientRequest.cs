using System.Buffers;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Net;

/// <summary>What a client asks a node. Values are part of the wire format.</summary>
public enum ClientOp : byte
{
    /// <summary>Submit a signed transaction; the answer comes once it is validated or given up on.</summary>
    Submit = 1,

    /// <summary>The node's validated ledger, round state and peers.</summary>
    Status = 2,

    /// <summary>A validated ledger by sequence (header and transactions).</summary>
    GetLedger = 3,
}

/// <summary>A client request frame's payload: a request id chosen by the client (echoed in the response, so a client
/// may have many requests in flight), the operation, and its argument.</summary>
/// <param name="RequestId">The client's id for this request.</param>
/// <param name="Op">The operation.</param>
/// <param name="Transaction">For <see cref="ClientOp.Submit"/>: the transaction.</param>
/// <param name="Sequence">For <see cref="ClientOp.GetLedger"/>: the ledger sequence.</param>
public sealed record ClientRequest(ulong RequestId, ClientOp Op, Transaction? Transaction = null, uint Sequence = 0)
{
    /// <summary>The payload bytes.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var w = new CanonicalWriter(buffer);
        w.U64(RequestId);
        w.U8((byte)Op);
        switch (Op)
        {
            case ClientOp.Submit: w.Bytes32(Transaction!.Encoded.Span); break;
            case ClientOp.GetLedger: w.U32(Sequence); break;
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a payload; never throws. A transaction must decode (its signature is checked later, by the node).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out ClientRequest? request, out string reason)
    {
        request = null;
        var r = new CanonicalReader(payload);
        if (r.U64("requestId", out var id) && r.U8("op", out var op))
        {
            switch ((ClientOp)op)
            {
                case ClientOp.Submit:
                    if (r.Bytes32("transaction", Ledger.Transaction.MaxEncodedBytes, out var txBytes))
                    {
                        if (!Ledger.Transaction.TryDecode(txBytes, out var tx, out var txError)) r.Fail(txError.Kind, $"transaction: {txError.Reason}");
                        else request = new ClientRequest(id, ClientOp.Submit, tx);
                    }
                    break;
                case ClientOp.Status:
                    request = new ClientRequest(id, ClientOp.Status);
                    break;
                case ClientOp.GetLedger:
                    if (r.U32("sequence", out var seq)) request = new ClientRequest(id, ClientOp.GetLedger, null, seq);
                    break;
                default:
                    r.Fail(DecodeErrorKind.UnknownTag, $"op: {op} is not a client operation.");
                    break;
            }
            if (request is not null && r.End())
            {
                reason = "";
                return true;
            }
        }
        request = null;
        reason = r.Error?.ToString() ?? "the client request did not decode";
        return false;
    }
}
