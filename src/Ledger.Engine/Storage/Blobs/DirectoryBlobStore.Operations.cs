namespace HealthLedger.Engine.Storage.Blobs;

public sealed partial class DirectoryBlobStore
{
    /// <inheritdoc />
    public async ValueTask<BlobResult<string>> PutAsync(ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default)
    {
        if (BlobGuard.TooLarge(ciphertext.Length, _options, out var tooLarge)) return tooLarge;
        cancellationToken.ThrowIfCancellationRequested();
        if (RootIsGone) return RootUnavailable(); // CreateDirectory below would otherwise quietly recreate a lost root

        string pointer = BlobPointer.Compute(ciphertext.Span);
        string final = PathOf(pointer);
        // Process id and a counter make the name unique across concurrent puts of the same blob, in and across processes.
        string temp = Path.Combine(_tempDirectory, $"{pointer}.{Environment.ProcessId}.{Interlocked.Increment(ref _tempSequence)}.tmp");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(ciphertext, cancellationToken).ConfigureAwait(false);
                if (_options.Durable) stream.Flush(flushToDisk: true);
            }
            // Rewriting an existing blob is deliberate: the bytes are the same by construction, and a rewrite
            // repairs a copy that rotted on disk.
            File.Move(temp, final, overwrite: true);
            return BlobResult<string>.Ok(pointer);
        }
        catch (Exception e) when (IsFileSystemError(e) || e is OperationCanceledException)
        {
            TryDelete(temp);
            if (e is OperationCanceledException) throw;
            if (RootIsGone) return RootUnavailable();
            return new BlobFailure(BlobError.WriteFailed, $"Writing blob {pointer} to '{_root}' failed: {e.Message}");
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobResult<byte[]>> GetAsync(string pointer, CancellationToken cancellationToken = default)
    {
        if (!BlobPointer.IsWellFormed(pointer)) return BlobFailure.InvalidPointer(pointer);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(PathOf(pointer), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return RootIsGone ? RootUnavailable() : BlobFailure.NotFound(pointer);
        }
        catch (Exception e) when (IsFileSystemError(e))
        {
            return new BlobFailure(BlobError.Unavailable, $"Reading blob {pointer} from '{_root}' failed: {e.Message}");
        }
        return BlobPointer.Matches(pointer, content) ? BlobResult<byte[]>.Ok(content) : BlobFailure.Corrupted(pointer, Name);
    }

    /// <inheritdoc />
    public ValueTask<BlobResult> DeleteAsync(string pointer, CancellationToken cancellationToken = default)
    {
        if (!BlobPointer.IsWellFormed(pointer)) return new(BlobFailure.InvalidPointer(pointer));
        cancellationToken.ThrowIfCancellationRequested();
        if (RootIsGone) return new(RootUnavailable());
        string path = PathOf(pointer);
        try
        {
            if (!File.Exists(path)) return new(BlobFailure.NotFound(pointer));
            File.Delete(path); // a concurrent delete winning the race leaves the same end state
            return new(BlobResult.Ok);
        }
        catch (Exception e) when (IsFileSystemError(e))
        {
            return new(new BlobFailure(BlobError.WriteFailed, $"Deleting blob {pointer} from '{_root}' failed: {e.Message}"));
        }
    }

    /// <inheritdoc />
    public ValueTask<BlobResult<bool>> ExistsAsync(string pointer, CancellationToken cancellationToken = default)
    {
        if (!BlobPointer.IsWellFormed(pointer)) return new(BlobFailure.InvalidPointer(pointer));
        cancellationToken.ThrowIfCancellationRequested();
        if (RootIsGone) return new(RootUnavailable());
        return new(BlobResult<bool>.Ok(File.Exists(PathOf(pointer))));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (IsFileSystemError(e))
        {
            // A leftover temporary file is harmless: it is never read (see the class remarks).
        }
    }
}
