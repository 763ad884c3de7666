using System.Buffers;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Net;

namespace HealthLedger.Engine.Tests.Net;

public sealed class HandshakeTests
{
    private static readonly SigningKey A = SigningKey.FromLabel(SignatureSchemes.Ed25519, "hs-a");
    private static readonly SigningKey B = SigningKey.FromLabel(SignatureSchemes.Ed25519, "hs-b");
    private static readonly SigningKey Stranger = SigningKey.FromLabel(SignatureSchemes.Ed25519, "hs-stranger");
    private static readonly Hash256 Net = Hash256.Compute("network"u8);

    private static PublicKey? Registered(Hash256 id) => id == A.Public.Id ? A.Public : id == B.Public.Id ? B.Public : null;

    private static byte[] Challenge(byte b) => Enumerable.Repeat(b, HelloFrame.ChallengeBytes).ToArray();

    /// <summary>Delivers whole frames from one side to the other, answering replies, until nothing is left.</summary>
    internal static void Exchange(Handshake left, Handshake right)
    {
        var toRight = new Queue<byte[]>([left.HelloFrameBytes()]);
        var toLeft = new Queue<byte[]>([right.HelloFrameBytes()]);
        for (int round = 0; round < 10 && (toRight.Count > 0 || toLeft.Count > 0); round++)
        {
            Deliver(toRight, right, toLeft);
            Deliver(toLeft, left, toRight);
        }
    }

    private static void Deliver(Queue<byte[]> queue, Handshake to, Queue<byte[]> replies)
    {
        while (queue.Count > 0)
        {
            var bytes = queue.Dequeue();
            Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(new ReadOnlySequence<byte>(bytes), 1 << 20, out var frame, out _, out _));
            if (to.Receive(frame.Type, frame.Payload.ToArray()) is { } reply) replies.Enqueue(reply);
        }
    }

    [Fact]
    public void Two_registered_validators_prove_their_keys_to_each_other()
    {
        var left = new Handshake(Net, A, Registered, true, Challenge(1));
        var right = new Handshake(Net, B, Registered, true, Challenge(2), B.Public.Id == A.Public.Id ? null : A.Public.Id);
        Exchange(left, right);
        Assert.Equal(HandshakeState.Done, left.State);
        Assert.Equal(HandshakeState.Done, right.State);
        Assert.Equal(B.Public, left.PeerKey);
        Assert.Equal(A.Public, right.PeerKey);
    }

    [Fact]
    public void An_unregistered_key_is_refused_as_an_unknown_peer()
    {
        var node = new Handshake(Net, A, Registered, true, Challenge(1));
        var stranger = new Handshake(Net, Stranger, _ => A.Public, false, Challenge(2));
        Exchange(stranger, node);
        Assert.Equal(HandshakeState.Failed, node.State);
        Assert.Equal(FrameError.UnknownPeer, node.Rejection.Error);
    }

    [Fact]
    public void Another_network_is_refused()
    {
        var node = new Handshake(Net, A, Registered, true, Challenge(1));
        var other = new Handshake(Hash256.Compute("other"u8), B, Registered, true, Challenge(2));
        Exchange(other, node);
        Assert.Equal(FrameError.WrongNetwork, node.Rejection.Error);
    }

    [Fact]
    public void A_proof_replayed_from_another_connection_does_not_verify()
    {
        // The impostor claims B's key and replays B's proof recorded over a different challenge.
        var recordedVerifier = new Handshake(Net, A, Registered, true, Challenge(7));
        var realB = new Handshake(Net, B, Registered, true, Challenge(8));
        Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(new ReadOnlySequence<byte>(recordedVerifier.HelloFrameBytes()), 1 << 20, out var hello, out _, out _));
        var recordedProof = realB.Receive(hello.Type, hello.Payload.ToArray())!;

        var victim = new Handshake(Net, A, Registered, true, Challenge(9));
        var claimHello = new HelloFrame(HelloFrame.CurrentVersion, Net, PeerRole.Validator, B.Public, Challenge(3)).Encode();
        victim.Receive(FrameType.Hello, claimHello);
        Assert.Equal(HandshakeState.AwaitProof, victim.State);
        victim.Receive(FrameType.Proof, recordedProof.AsSpan(FrameReader.PrefixBytes + 1));
        Assert.Equal(HandshakeState.Failed, victim.State);
        Assert.Equal(FrameError.BadProof, victim.Rejection.Error);
    }

    [Fact]
    public void A_client_needs_no_key_but_only_where_clients_are_accepted()
    {
        var node = new Handshake(Net, A, Registered, true, Challenge(1));
        var client = new Handshake(Net, null, null, false, Challenge(2));
        Exchange(client, node);
        Assert.Equal(HandshakeState.Done, node.State);
        Assert.Equal(PeerRole.Client, node.PeerRole);
        Assert.Equal(HandshakeState.Done, client.State);

        var dialler = new Handshake(Net, A, Registered, false, Challenge(1));
        Exchange(new Handshake(Net, null, null, false, Challenge(2)), dialler);
        Assert.Equal(FrameError.UnexpectedFrame, dialler.Rejection.Error);
    }

    [Fact]
    public void A_consensus_frame_before_the_handshake_is_unexpected()
    {
        var node = new Handshake(Net, A, Registered, true, Challenge(1));
        node.Receive(FrameType.Consensus, [1, 2, 3]);
        Assert.Equal(FrameError.UnexpectedFrame, node.Rejection.Error);
    }
}
