namespace HealthLedger.Engine.Encoding;

/// <summary>Why bytes from outside (a peer, a client, a file) did not decode. Decoding never throws anything else.</summary>
public enum DecodeErrorKind : byte
{
    /// <summary>The input ended before the value did.</summary>
    Truncated = 1,

    /// <summary>Bytes remained after a complete value.</summary>
    TrailingBytes,

    /// <summary>A length, count or the whole input exceeded its limit.</summary>
    Oversized,

    /// <summary>A tag, kind or enumeration byte had no defined meaning.</summary>
    UnknownTag,

    /// <summary>A field had a value the format forbids (non-canonical ordering, zero where non-zero is required, …).</summary>
    InvalidValue,

    /// <summary>The format version is not one this build reads.</summary>
    UnsupportedVersion,
}

/// <summary>A typed decoding failure: what went wrong, where (byte offset) and a reason a person can read.</summary>
/// <param name="Kind">The category of failure.</param>
/// <param name="Offset">Byte offset in the input where the failure was found.</param>
/// <param name="Reason">A sentence naming the field and the problem.</param>
public readonly record struct DecodeError(DecodeErrorKind Kind, int Offset, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} at byte {Offset}: {Reason}";
}
