namespace HealthLedger.Engine.Net;

/// <summary>Why a frame or a connection's input was refused. Each refusal is counted by reason.</summary>
public enum FrameError : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The length prefix announces more than the configured maximum frame size.</summary>
    Oversized,

    /// <summary>The length prefix is zero: a frame needs at least its type byte.</summary>
    Empty,

    /// <summary>The type byte names no frame type.</summary>
    UnknownType,

    /// <summary>The frame's payload does not decode as its type requires.</summary>
    Malformed,

    /// <summary>A frame type that is not allowed in the connection's current state (e.g. consensus before the handshake).</summary>
    UnexpectedFrame,

    /// <summary>The peer is on another network (a different genesis ledger) or speaks another protocol version.</summary>
    WrongNetwork,

    /// <summary>The peer's key is not a registered validator key.</summary>
    UnknownPeer,

    /// <summary>The peer's proof does not verify under its registered key.</summary>
    BadProof,

    /// <summary>The handshake did not complete in time.</summary>
    HandshakeTimeout,

    /// <summary>The peer's send queue was full (the backpressure policy dropped a frame or closed the connection).</summary>
    QueueFull,
}

/// <summary>A typed refusal: the error and a sentence saying what was wrong.</summary>
/// <param name="Error">What kind of refusal.</param>
/// <param name="Reason">Why, for logs.</param>
public readonly record struct FrameRejection(FrameError Error, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Error}: {Reason}";
}
