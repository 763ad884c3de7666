namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>
/// A hostile store for adversary runs and tests: wraps any <see cref="IBlobStore"/> and damages what readers get
/// back (flipped bits, deletions, swapped blobs, rollbacks) while answering <see cref="BlobError.None"/>, as a
/// corrupted or malicious database would. It deliberately skips the content check honest stores make on read, so
/// what it serves shows whether a client detects tampering by itself (by hashing what it fetched).
/// </summary>
/// <remarks>
/// Faults are armed per pointer and stay until <see cref="Heal"/> or <see cref="HealAll"/>; a pointer with no fault
/// passes straight through. Bit flips compose with a swap or rollback (the substituted bytes are then flipped).
/// Deterministic: the caller chooses every pointer and bit, so an adversary driven by a seeded random stream
/// replays exactly. Safe for concurrent use.
/// </remarks>
public sealed partial class FaultInjectingBlobStore : IBlobStore
{
    private readonly IBlobStore _inner;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PointerFaults> _faults = new(StringComparer.Ordinal);
    private long _tamperedReads;
    private long _faultsInjected;

    /// <summary>Wraps <paramref name="inner"/>; disposing this store disposes it.</summary>
    public FaultInjectingBlobStore(IBlobStore inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>The wrapped store.</summary>
    public IBlobStore Inner => _inner;

    /// <inheritdoc />
    public string Name => _inner.Name + "+faults";

    /// <summary>Reads answered with damaged or substituted bytes so far, for the adversary's report.</summary>
    public long TamperedReads => Interlocked.Read(ref _tamperedReads);

    /// <summary>Faults injected so far, of every kind.</summary>
    public long FaultsInjected => Interlocked.Read(ref _faultsInjected);

    /// <summary>Pointers that currently have a read-time fault armed.</summary>
    public int ArmedPointers
    {
        get
        {
            lock (_lock) return _faults.Count;
        }
    }

    /// <summary>Every later read of <paramref name="pointer"/> returns its bytes with bit
    /// <paramref name="bitIndex"/> inverted (bit 0 is the low bit of byte 0; the index wraps around the blob's
    /// length). An empty blob has no bit to flip, so it reads as one byte instead: a fault is never a no-op.
    /// Flipping the same bit twice restores it.</summary>
    public void FlipBit(string pointer, long bitIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitIndex);
        Arm(pointer, f => f with { Flips = [.. f.Flips, bitIndex] });
    }

    /// <summary>Reads of <paramref name="first"/> return what is stored under <paramref name="second"/> and the
    /// other way round.</summary>
    public void Swap(string first, string second)
    {
        Arm(first, f => f with { Source = second, OlderContent = null });
        Arm(second, f => f with { Source = first, OlderContent = null });
        Interlocked.Decrement(ref _faultsInjected); // one swap, armed on two pointers
    }

    /// <summary>Reads of <paramref name="pointer"/> return <paramref name="olderContent"/>, for example the ciphertext
    /// of the record's previous version, as a database restored from an old backup would.</summary>
    public void RollBack(string pointer, ReadOnlyMemory<byte> olderContent)
    {
        byte[] copy = olderContent.ToArray();
        Arm(pointer, f => f with { Source = null, OlderContent = copy });
    }

    /// <summary>Reads of <paramref name="pointer"/> return what is stored under <paramref name="olderPointer"/>
    /// (the previous version's blob), for as long as that blob exists.</summary>
    public void RollBackTo(string pointer, string olderPointer) =>
        Arm(pointer, f => f with { Source = olderPointer, OlderContent = null });

    /// <summary>Deletes <paramref name="pointer"/> from the wrapped store behind the client's back.</summary>
    public ValueTask<BlobResult> DeleteBehindAsync(string pointer, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _faultsInjected);
        return _inner.DeleteAsync(pointer, cancellationToken);
    }

    /// <summary>Injects one fault by kind, for adversaries that draw the kind from a random stream.
    /// <paramref name="other"/> is the partner of a swap or the older blob of a rollback;
    /// <paramref name="bitIndex"/> is used by <see cref="BlobFaultKind.FlipBit"/>.</summary>
    public async ValueTask<BlobResult> InjectAsync(BlobFaultKind kind, string pointer, string? other = null, long bitIndex = 0, CancellationToken cancellationToken = default)
    {
        switch (kind)
        {
            case BlobFaultKind.FlipBit:
                FlipBit(pointer, bitIndex);
                return BlobResult.Ok;
            case BlobFaultKind.Delete:
                return await DeleteBehindAsync(pointer, cancellationToken).ConfigureAwait(false);
            case BlobFaultKind.Swap when other is not null:
                Swap(pointer, other);
                return BlobResult.Ok;
            case BlobFaultKind.RollBack when other is not null:
                RollBackTo(pointer, other);
                return BlobResult.Ok;
            default:
                ThrowHelper.Argument(nameof(other), $"A {kind} fault needs the other blob's pointer.");
                return default;
        }
    }

    /// <summary>Removes the read-time faults of <paramref name="pointer"/> (a deletion cannot be undone).</summary>
    public void Heal(string pointer)
    {
        lock (_lock) _faults.Remove(pointer);
    }

    /// <summary>Removes every read-time fault.</summary>
    public void HealAll()
    {
        lock (_lock) _faults.Clear();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private void Arm(string pointer, Func<PointerFaults, PointerFaults> change)
    {
        // Arming is the adversary's own code, not outside input: a malformed pointer there is a bug.
        if (!BlobPointer.IsWellFormed(pointer)) ThrowHelper.Argument(nameof(pointer), BlobFailure.InvalidPointer(pointer).Reason);
        lock (_lock)
        {
            _faults[pointer] = change(_faults.GetValueOrDefault(pointer) ?? PointerFaults.None);
        }
        Interlocked.Increment(ref _faultsInjected);
    }

    /// <summary>What is armed on one pointer: where its bytes come from instead (another pointer or fixed older
    /// bytes, or neither), then which bits to flip.</summary>
    private sealed record PointerFaults(string? Source, byte[]? OlderContent, long[] Flips)
    {
        public static readonly PointerFaults None = new(null, null, []);
    }
}
