using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// How the node core checks the signature on a proposal or validation. A host passes the implementation it wants:
/// verify inline (<see cref="DirectConsensusVerifier"/>), consult a cache of verifications done elsewhere (in
/// parallel, on receipt), or accept modelled signatures in the simulator. The answer must be deterministic.
/// </summary>
public interface IConsensusVerifier
{
    /// <summary>True when <paramref name="signature"/> signs <paramref name="signedBytes"/> under <paramref name="key"/>.</summary>
    bool Verify(PublicKey key, ReadOnlySpan<byte> signedBytes, ReadOnlySpan<byte> signature);

    /// <summary>True when <paramref name="message"/>'s signature signs its fields under <paramref name="key"/>. The node
    /// core asks this way; the default writes the signed bytes and asks <see cref="Verify(PublicKey, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.
    /// A host that hands one decoded message object to many nodes may remember the answer per object and key (the
    /// object's fields never change).</summary>
    bool Verify(PublicKey key, ISignedConsensusMessage message) => VerifyBytesOf(this, key, message);

    /// <summary>Writes <paramref name="message"/>'s signed bytes and asks <paramref name="verifier"/> about them: the
    /// default of <see cref="Verify(PublicKey, ISignedConsensusMessage)"/>, for implementations that add to it.</summary>
    static bool VerifyBytesOf(IConsensusVerifier verifier, PublicKey key, ISignedConsensusMessage message)
    {
        Span<byte> signed = stackalloc byte[ISignedConsensusMessage.MaxSignedBytesLength];
        int length = message.WriteSignedBytes(signed);
        return verifier.Verify(key, signed[..length], message.Signature);
    }
}

/// <summary>A proposal or validation: a message a validator signs.</summary>
public interface ISignedConsensusMessage
{
    /// <summary>The longest signed-bytes encoding of any such message.</summary>
    const int MaxSignedBytesLength = Node.Messages.ProposalMessage.SignedBytesLength;

    /// <summary>The validator's signature.</summary>
    byte[] Signature { get; }

    /// <summary>Writes the bytes the signature covers into <paramref name="destination"/>; returns their length.</summary>
    int WriteSignedBytes(Span<byte> destination);
}

/// <summary>Verifies with the key's real signature scheme, every time.</summary>
public sealed class DirectConsensusVerifier : IConsensusVerifier
{
    /// <summary>The shared instance.</summary>
    public static DirectConsensusVerifier Instance { get; } = new();

    /// <inheritdoc />
    public bool Verify(PublicKey key, ReadOnlySpan<byte> signedBytes, ReadOnlySpan<byte> signature) => key.Verify(signedBytes, signature);
}

/// <summary>How a validating node signs its proposals and validations (a host may model signing in the simulator).</summary>
public interface IConsensusSigner
{
    /// <summary>The validator's public key; its id must be in the validator set.</summary>
    PublicKey Key { get; }

    /// <summary>Signs <paramref name="signedBytes"/>. Must be deterministic for a given input (Ed25519 is).</summary>
    byte[] Sign(ReadOnlySpan<byte> signedBytes);
}

/// <summary>Signs with a real key pair.</summary>
/// <param name="key">The validator's key pair.</param>
public sealed class KeyConsensusSigner(SigningKey key) : IConsensusSigner
{
    /// <inheritdoc />
    public PublicKey Key => key.Public;

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> signedBytes) => key.Sign(signedBytes);
}
