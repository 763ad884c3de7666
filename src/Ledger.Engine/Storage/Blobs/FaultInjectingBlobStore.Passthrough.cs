namespace HealthLedger.Engine.Storage.Blobs;

public sealed partial class FaultInjectingBlobStore
{
    /// <inheritdoc />
    public async ValueTask<BlobResult<byte[]>> GetAsync(string pointer, CancellationToken cancellationToken = default)
    {
        PointerFaults? faults;
        lock (_lock) faults = _faults.GetValueOrDefault(pointer);
        if (faults is null) return await _inner.GetAsync(pointer, cancellationToken).ConfigureAwait(false);

        byte[] content;
        if (faults.OlderContent is not null)
        {
            content = (byte[])faults.OlderContent.Clone();
        }
        else
        {
            var read = await _inner.GetAsync(faults.Source ?? pointer, cancellationToken).ConfigureAwait(false);
            if (!read.IsOk) return read; // the substitute is gone too: the reader sees a failure, not bytes
            content = read.Value;
        }
        foreach (long bit in faults.Flips) content = Flip(content, bit);
        Interlocked.Increment(ref _tamperedReads);
        return BlobResult<byte[]>.Ok(content);
    }

    private static byte[] Flip(byte[] content, long bitIndex)
    {
        if (content.Length == 0) return [0x01];
        long bit = bitIndex % (content.LongLength * 8);
        content[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
        return content;
    }

    /// <inheritdoc />
    public ValueTask<BlobResult<string>> PutAsync(ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default) =>
        _inner.PutAsync(ciphertext, cancellationToken);

    /// <inheritdoc />
    public ValueTask<BlobResult> DeleteAsync(string pointer, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(pointer, cancellationToken);

    /// <inheritdoc />
    public ValueTask<BlobResult<bool>> ExistsAsync(string pointer, CancellationToken cancellationToken = default) =>
        _inner.ExistsAsync(pointer, cancellationToken);

    /// <inheritdoc />
    public ValueTask<BlobResult<long>> CountAsync(CancellationToken cancellationToken = default) =>
        _inner.CountAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask<BlobResult<IReadOnlyList<string>>> ListAsync(string? after, int limit, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(after, limit, cancellationToken);
}
