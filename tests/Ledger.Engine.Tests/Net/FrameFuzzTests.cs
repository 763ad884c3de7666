using System.Buffers;
using System.Buffers.Binary;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Net;
using HealthLedger.Engine.Node.Messages;

namespace HealthLedger.Engine.Tests.Net;

/// <summary>100,000 random and mutated frames through the frame reader, the handshake and the client codecs: every
/// input ends in a frame, a wait for more bytes, or a typed refusal, and nothing throws.</summary>
public sealed class FrameFuzzTests
{
    private const int Frames = 100_000;
    private const int Seed = 60_006;

    [Fact]
    public void Random_and_mutated_frames_get_typed_rejections_and_never_throw()
    {
        var rng = new Random(Seed);
        var a = SigningKey.FromLabel(SignatureSchemes.Ed25519, "fuzz-a");
        var b = SigningKey.FromLabel(SignatureSchemes.Ed25519, "fuzz-b");
        var network = Hash256.Compute("fuzz"u8);
        PublicKey? Registered(Hash256 id) => id == a.Public.Id ? a.Public : id == b.Public.Id ? b.Public : null;
        var client = new Consensus.Client("fuzz-client");
        var seeds = new List<byte[]>
        {
            new Handshake(network, b, Registered, true, new byte[32]).HelloFrameBytes(),
            new Handshake(network, null, null, false, new byte[32]).HelloFrameBytes(),
            FrameWriter.Encode(FrameType.Proof, [0, 64, .. new byte[64]]),
            FrameWriter.Encode(FrameType.ClientRequest, new ClientRequest(1, ClientOp.Submit, client.Notarize(1)).Encode()),
            FrameWriter.Encode(FrameType.ClientRequest, new ClientRequest(2, ClientOp.GetLedger, null, 5).Encode()),
            FrameWriter.Encode(FrameType.ClientResponse, new ClientResponse(3, ClientOp.Status, null) { Status = new NodeStatus(1, network, 2, 3, 4) }.Encode()),
            FrameWriter.Encode(FrameType.Consensus, new TransactionMessage(client.Notarize(2)).Encode()),
            FrameWriter.Encode(FrameType.Consensus, new LedgerRequestMessage(3, network).Encode()),
            FrameWriter.Encode(FrameType.Consensus, new TransactionBatchMessage([client.Notarize(3), client.Notarize(4)]).Encode()),
        };
        var outcomes = new Dictionary<string, int>();
        void Count(string key) => outcomes[key] = outcomes.GetValueOrDefault(key) + 1;

        for (int i = 0; i < Frames; i++)
        {
            byte[] input = rng.Next(5) == 0 ? RandomBytes(rng) : Mutate(rng, seeds[rng.Next(seeds.Count)]);
            var sequence = Segments.Split(input, Enumerable.Range(0, rng.Next(4)).Select(_ => rng.Next(input.Length + 1)));
            try
            {
                var status = FrameReader.TryRead(sequence, 4096, out var frame, out long consumed, out var rejection);
                if (status == FrameReadStatus.Rejected)
                {
                    Assert.NotEqual(FrameError.None, rejection.Error);
                    Assert.False(string.IsNullOrEmpty(rejection.Reason));
                    Count(rejection.Error.ToString());
                    continue;
                }
                if (status == FrameReadStatus.Incomplete)
                {
                    Assert.Equal(0, consumed);
                    Count("Incomplete");
                    continue;
                }
                Assert.InRange(consumed, 5, input.Length);
                var payload = frame.Payload.ToArray();
                // Every consumer of a frame: a node's and a client's handshake, and each payload codec.
                var node = new Handshake(network, a, Registered, true, new byte[32]);
                node.Receive(frame.Type, payload);
                if (node.State == HandshakeState.AwaitProof) node.Receive(FrameType.Proof, payload);
                if (node.State == HandshakeState.Failed) Count("handshake " + node.Rejection.Error);
                else Count("handshake " + node.State);
                new Handshake(network, null, null, false, new byte[32]).Receive(frame.Type, payload);
                Count(ClientRequest.TryDecode(payload, out _, out _) ? "request ok" : "request refused");
                Count(ClientResponse.TryDecode(payload, 4096, out _, out _) ? "response ok" : "response refused");
                Count(ConsensusMessage.TryDecode(payload, out _, out _) ? "consensus ok" : "consensus refused");
            }
            catch (Exception e)
            {
                Assert.Fail($"[seed {Seed}] input {i} ({Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 64)))}) threw {e}");
            }
        }
        // The mutations must have reached every kind of refusal, not only the first check.
        foreach (var expected in new[] { "Oversized", "UnknownType", "Incomplete", "handshake Malformed", "handshake UnexpectedFrame", "handshake WrongNetwork",
                     "handshake UnknownPeer", "request refused", "consensus refused" })
            Assert.True(outcomes.GetValueOrDefault(expected) > 0, $"[seed {Seed}] no input ended in '{expected}': {string.Join(", ", outcomes.Select(kv => $"{kv.Key} {kv.Value}"))}");
    }

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[rng.Next(0, 300)];
        rng.NextBytes(bytes);
        // Often a plausible prefix, so the random body reaches the decoders.
        if (bytes.Length >= 5 && rng.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(bytes.Length - 4));
            bytes[4] = (byte)rng.Next(1, 6);
        }
        return bytes;
    }

    private static byte[] Mutate(Random rng, byte[] seed)
    {
        var bytes = seed.ToList();
        int edits = rng.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            switch (rng.Next(7))
            {
                case 0 when bytes.Count > 0: // flip a bit
                    int i = rng.Next(bytes.Count);
                    bytes[i] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1 when bytes.Count > 0: // truncate
                    int cut = rng.Next(bytes.Count);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                    break;
                case 2: // append junk
                    bytes.AddRange(Enumerable.Range(0, rng.Next(1, 20)).Select(_ => (byte)rng.Next(256)));
                    break;
                case 3 when bytes.Count >= 4: // lie in the length prefix
                    var len = new byte[4];
                    BinaryPrimitives.WriteUInt32BigEndian(len, rng.Next(3) switch { 0 => 0u, 1 => (uint)rng.Next(1, bytes.Count + 8), _ => (uint)rng.Next() });
                    for (int k = 0; k < 4; k++) bytes[k] = len[k];
                    break;
                case 4 when bytes.Count > 4: // another frame type
                    bytes[4] = (byte)rng.Next(0, 8);
                    break;
                case 5 when bytes.Count > 8: // overwrite a byte inside the payload
                    bytes[rng.Next(5, bytes.Count)] = (byte)rng.Next(256);
                    break;
                default: // fix the prefix after the edits so the body reaches the decoders
                    if (bytes.Count >= 5) BinaryPrimitives.WriteUInt32BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes), (uint)(bytes.Count - 4));
                    break;
            }
        }
        return [.. bytes];
    }
}
