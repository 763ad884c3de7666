using System.Buffers;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Net;

/// <summary>Where a <see cref="Handshake"/> is.</summary>
public enum HandshakeState : byte
{
    /// <summary>Waiting for the other side's hello.</summary>
    AwaitHello,

    /// <summary>Waiting for the other side's proof of key possession.</summary>
    AwaitProof,

    /// <summary>Complete: <see cref="Handshake.PeerRole"/> and <see cref="Handshake.PeerKey"/> are known.</summary>
    Done,

    /// <summary>Refused: <see cref="Handshake.Rejection"/> says why; the connection must be closed.</summary>
    Failed,
}

/// <summary>
/// The connection handshake as a sans-I/O state machine. Both sides send a <see cref="HelloFrame"/> at once. On the
/// other side's hello, a validator answers with a proof: its signature over the other side's fresh challenge, bound
/// to the network and to its own key id, so a recorded proof is worthless on any other connection. A validator peer
/// is accepted only when its key is registered and its proof verifies; a client peer (when clients are accepted)
/// needs no proof, since everything it can send is signed by its own account or is a read.
/// </summary>
public sealed class Handshake
{
    private static readonly byte[] Domain = "HealthLedger/net/handshake/v1"u8.ToArray();

    private readonly Hash256 _network;
    private readonly SigningKey? _self;
    private readonly Func<Hash256, PublicKey?>? _registered;
    private readonly bool _acceptClients;
    private readonly byte[] _challenge;
    private readonly Hash256? _expectedPeer;

    /// <summary>A handshake for one connection.</summary>
    /// <param name="network">This side's genesis ledger hash.</param>
    /// <param name="self">This side's validator key; null for a client.</param>
    /// <param name="registered">Looks up a registered validator key by id (null when unknown). A client that does not
    /// know the validator set passes null: any key is taken, and the proof still shows the node holds it.</param>
    /// <param name="acceptClients">True when a client may connect (a node's listening side).</param>
    /// <param name="challenge">Fresh random bytes, <see cref="HelloFrame.ChallengeBytes"/> long (the host draws them).</param>
    /// <param name="expectedPeer">When set, the only validator id accepted (a dialler knows whom it called).</param>
    public Handshake(Hash256 network, SigningKey? self, Func<Hash256, PublicKey?>? registered, bool acceptClients, byte[] challenge, Hash256? expectedPeer = null)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (challenge.Length != HelloFrame.ChallengeBytes) ThrowHelper.Argument(nameof(challenge), $"A challenge is {HelloFrame.ChallengeBytes} bytes.");
        _network = network;
        _self = self;
        _registered = registered;
        _acceptClients = acceptClients;
        _challenge = challenge;
        _expectedPeer = expectedPeer;
    }

    /// <summary>The current state.</summary>
    public HandshakeState State { get; private set; } = HandshakeState.AwaitHello;

    /// <summary>The other side's role, once its hello is accepted.</summary>
    public PeerRole PeerRole { get; private set; }

    /// <summary>The other side's validator key (null for a client).</summary>
    public PublicKey? PeerKey { get; private set; }

    /// <summary>Why the handshake failed.</summary>
    public FrameRejection Rejection { get; private set; }

    private byte[] _peerChallenge = [];

    /// <summary>This side's hello as a full frame, to send first.</summary>
    public byte[] HelloFrameBytes() =>
        FrameWriter.Encode(FrameType.Hello, new HelloFrame(HelloFrame.CurrentVersion, _network, _self is null ? PeerRole.Client : PeerRole.Validator, _self?.Public, _challenge).Encode());

    /// <summary>Feeds one frame from the other side. Returns the frame to send in reply, if any (this side's proof).
    /// After a failure, every further frame is ignored.</summary>
    public byte[]? Receive(FrameType type, ReadOnlySpan<byte> payload)
    {
        switch (State)
        {
            case HandshakeState.AwaitHello when type == FrameType.Hello:
                return OnHello(payload);
            case HandshakeState.AwaitProof when type == FrameType.Proof:
                OnProof(payload);
                return null;
            case HandshakeState.Failed:
                return null;
            default:
                Fail(FrameError.UnexpectedFrame, $"a {type} frame arrived while the handshake was in state {State}");
                return null;
        }
    }

    private byte[]? OnHello(ReadOnlySpan<byte> payload)
    {
        if (!HelloFrame.TryDecode(payload, out var hello, out var reason)) return Fail(FrameError.Malformed, $"hello: {reason}");
        if (hello!.Version != HelloFrame.CurrentVersion) return Fail(FrameError.WrongNetwork, $"protocol version {hello.Version}, this node speaks {HelloFrame.CurrentVersion}");
        if (hello.Network != _network) return Fail(FrameError.WrongNetwork, $"network {hello.Network.ToShortString()} is not this node's {_network.ToShortString()}");
        _peerChallenge = hello.Challenge;
        PeerRole = hello.Role;
        if (hello.Role == PeerRole.Client)
        {
            if (!_acceptClients) return Fail(FrameError.UnexpectedFrame, "a client called a client");
            State = HandshakeState.Done;
        }
        else
        {
            var key = hello.Key!;
            var registered = _registered is null ? key : _registered(key.Id);
            if (registered is null || !registered.Equals(key)) return Fail(FrameError.UnknownPeer, $"key {key.Id.ToShortString()} is not a registered validator");
            if (_expectedPeer is { } expected && expected != key.Id) return Fail(FrameError.UnknownPeer, $"called {expected.ToShortString()} but {key.Id.ToShortString()} answered");
            if (_self is not null && key.Id == _self.Public.Id) return Fail(FrameError.UnknownPeer, "the peer presented this node's own key");
            PeerKey = key;
            State = HandshakeState.AwaitProof;
        }
        return _self is null ? null : FrameWriter.Encode(FrameType.Proof, EncodeProof(_self.Sign(SignedBytes(_network, _peerChallenge, _self.Public.Id))));
    }

    private void OnProof(ReadOnlySpan<byte> payload)
    {
        var r = new CanonicalReader(payload);
        if (!r.Bytes16("signature", 512, out var signature) || !r.End())
        {
            Fail(FrameError.Malformed, $"proof: {r.Error}");
            return;
        }
        if (!PeerKey!.Verify(SignedBytes(_network, _challenge, PeerKey.Id), signature))
        {
            Fail(FrameError.BadProof, $"the proof of {PeerKey.Id.ToShortString()} does not verify under its registered key");
            return;
        }
        State = HandshakeState.Done;
    }

    private static byte[] EncodeProof(byte[] signature)
    {
        var buffer = new ArrayBufferWriter<byte>(80);
        new CanonicalWriter(buffer).Bytes16(signature);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What a prover signs: domain, network, the verifier's challenge and the prover's key id.</summary>
    internal static byte[] SignedBytes(Hash256 network, ReadOnlySpan<byte> challenge, Hash256 proverId)
    {
        var bytes = new byte[Domain.Length + 32 + challenge.Length + 32];
        Domain.CopyTo(bytes, 0);
        network.CopyTo(bytes.AsSpan(Domain.Length));
        challenge.CopyTo(bytes.AsSpan(Domain.Length + 32));
        proverId.CopyTo(bytes.AsSpan(Domain.Length + 32 + challenge.Length));
        return bytes;
    }

    private byte[]? Fail(FrameError error, string reason)
    {
        State = HandshakeState.Failed;
        Rejection = new FrameRejection(error, reason);
        return null;
    }
}
