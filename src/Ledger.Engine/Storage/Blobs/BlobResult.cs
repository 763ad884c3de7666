using System.Diagnostics.CodeAnalysis;

namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>The outcome of a blob-store operation that returns no value: success, or an error with its reason.
/// Stores return these instead of throwing, because every failure here comes from outside the process (a disk,
/// a server, a pointer read off the ledger). Only cancellation throws (<see cref="OperationCanceledException"/>).</summary>
public readonly struct BlobResult
{
    private readonly string? _reason;

    private BlobResult(BlobError error, string? reason)
    {
        Error = error;
        _reason = reason;
    }

    /// <summary>Success.</summary>
    public static BlobResult Ok => default;

    /// <summary><see cref="BlobError.None"/> on success.</summary>
    public BlobError Error { get; }

    /// <summary>True when the operation succeeded.</summary>
    public bool IsOk => Error == BlobError.None;

    /// <summary>Why it failed, as a sentence; empty on success.</summary>
    public string Reason => _reason ?? "";

    /// <summary>A failure as a result.</summary>
    public static implicit operator BlobResult(BlobFailure failure)
    {
        Debug.Assert(failure.Error != BlobError.None, "A failure must carry an error.");
        return new BlobResult(failure.Error, failure.Reason);
    }

    /// <inheritdoc />
    public override string ToString() => IsOk ? "ok" : $"{Error}: {Reason}";
}

/// <summary>The outcome of a blob-store operation that returns a <typeparamref name="T"/> on success.</summary>
/// <typeparam name="T">The value returned on success.</typeparam>
public readonly struct BlobResult<T>
{
    private readonly T? _value;
    private readonly string? _reason;

    private BlobResult(T? value, BlobError error, string? reason)
    {
        _value = value;
        Error = error;
        _reason = reason;
    }

    /// <summary>Success carrying <paramref name="value"/>.</summary>
    public static BlobResult<T> Ok(T value) => new(value, BlobError.None, null);

    /// <summary><see cref="BlobError.None"/> on success.</summary>
    public BlobError Error { get; }

    /// <summary>True when the operation succeeded and <see cref="Value"/> holds its result.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsOk => Error == BlobError.None;

    /// <summary>The result on success; default otherwise.</summary>
    public T? Value => _value;

    /// <summary>Why it failed, as a sentence; empty on success.</summary>
    public string Reason => _reason ?? "";

    /// <summary>The exception-free accessor: true and the value on success.</summary>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return IsOk;
    }

    /// <summary>The value, or an <see cref="InvalidOperationException"/> naming the error. For tests and for callers
    /// that have already checked <see cref="IsOk"/>; a caller handling outside input should branch on the error.</summary>
    public T ValueOrThrow()
    {
        if (!IsOk) ThrowHelper.InvalidOperation($"The blob operation failed with {Error}: {Reason}");
        return _value!;
    }

    /// <summary>The error part, without the value (a failure converted to another result type).</summary>
    public BlobResult WithoutValue() => IsOk ? BlobResult.Ok : new BlobFailure(Error, Reason);

    /// <summary>A failure as a result.</summary>
    public static implicit operator BlobResult<T>(BlobFailure failure)
    {
        Debug.Assert(failure.Error != BlobError.None, "A failure must carry an error.");
        return new BlobResult<T>(default, failure.Error, failure.Reason);
    }

    /// <inheritdoc />
    public override string ToString() => IsOk ? $"ok: {_value}" : $"{Error}: {Reason}";
}
