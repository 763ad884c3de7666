using System.Diagnostics.CodeAnalysis;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Storage.Blobs;

namespace HealthLedger.Engine.Client;

/// <summary>A client failure: the error, a sentence for people, and the ledger's or store's own code when one of
/// them caused it. Converts implicitly into any <see cref="ClientResult{T}"/>.</summary>
/// <param name="Error">What failed.</param>
/// <param name="Reason">Why, as a sentence.</param>
/// <param name="LedgerResult">The ledger's rejection reason, or <see cref="TxResult.Applied"/> when the ledger was not the cause.</param>
/// <param name="StoreError">The store's error, or <see cref="BlobError.None"/>.</param>
public readonly record struct ClientFailure(ClientError Error, string Reason, TxResult LedgerResult = TxResult.Applied, BlobError StoreError = BlobError.None)
{
    /// <inheritdoc />
    public override string ToString() => $"{Error}: {Reason}";
}

/// <summary>The outcome of a client operation: a value, or a <see cref="ClientError"/> with its reason.</summary>
/// <typeparam name="T">The value on success.</typeparam>
public readonly struct ClientResult<T>
{
    private readonly T? _value;
    private readonly ClientFailure _failure;

    private ClientResult(T? value, ClientFailure failure)
    {
        _value = value;
        _failure = failure;
    }

    /// <summary>Success with <paramref name="value"/>.</summary>
    public static ClientResult<T> Ok(T value) => new(value, default);

    /// <summary>True on success; <see cref="Value"/> is then set.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsOk => _failure.Error == ClientError.None;

    /// <summary><see cref="ClientError.None"/> on success.</summary>
    public ClientError Error => _failure.Error;

    /// <summary>Why it failed; empty on success.</summary>
    public string Reason => _failure.Reason ?? "";

    /// <summary>The ledger's rejection reason when <see cref="Error"/> is <see cref="ClientError.Rejected"/>.</summary>
    public TxResult LedgerResult => _failure.LedgerResult;

    /// <summary>The store's error when the store caused the failure.</summary>
    public BlobError StoreError => _failure.StoreError;

    /// <summary>The value on success, default otherwise.</summary>
    public T? Value => _value;

    /// <summary>The failure part (default on success).</summary>
    public ClientFailure Failure => _failure;

    /// <summary>The value, or an <see cref="InvalidOperationException"/> naming the error: for tests and callers that
    /// already checked <see cref="IsOk"/>.</summary>
    public T ValueOrThrow()
    {
        if (!IsOk) ThrowHelper.InvalidOperation($"The client operation failed with {Error}: {Reason}");
        return _value!;
    }

    /// <summary>A failure as a result.</summary>
    public static implicit operator ClientResult<T>(ClientFailure failure)
    {
        Debug.Assert(failure.Error != ClientError.None, "A failure must carry an error.");
        return new ClientResult<T>(default, failure);
    }

    /// <inheritdoc />
    public override string ToString() => IsOk ? $"ok: {_value}" : _failure.ToString();
}
