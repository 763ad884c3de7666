using Microsoft.Data.Sqlite;

namespace HealthLedger.Engine.Storage.Blobs;

public sealed partial class SqliteBlobStore
{
    /// <inheritdoc />
    public async ValueTask<BlobResult<string>> PutAsync(ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default)
    {
        if (BlobGuard.TooLarge(ciphertext.Length, _options, out var tooLarge)) return tooLarge;
        string pointer = BlobPointer.Compute(ciphertext.Span);
        try
        {
            var connection = await OpenConnectionAsync(writing: true, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                // An upsert, not "do nothing": the bytes are equal by construction, and rewriting repairs a rotted row.
                command.CommandText = $"""
                    INSERT INTO "{_table}" (pointer, content) VALUES ($pointer, $content)
                    ON CONFLICT (pointer) DO UPDATE SET content = excluded.content;
                    """;
                command.Parameters.AddWithValue("$pointer", pointer);
                command.Parameters.Add("$content", SqliteType.Blob).Value = ToArray(ciphertext);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return BlobResult<string>.Ok(pointer);
        }
        catch (SqliteException e)
        {
            return Failure(e, writing: true, $"writing blob {pointer}");
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobResult<byte[]>> GetAsync(string pointer, CancellationToken cancellationToken = default)
    {
        if (!BlobPointer.IsWellFormed(pointer)) return BlobFailure.InvalidPointer(pointer);
        try
        {
            var connection = await OpenConnectionAsync(writing: false, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""SELECT content FROM "{_table}" WHERE pointer = $pointer""";
                command.Parameters.AddWithValue("$pointer", pointer);
                object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (value is not byte[] content) return BlobFailure.NotFound(pointer);
                return BlobPointer.Matches(pointer, content) ? BlobResult<byte[]>.Ok(content) : BlobFailure.Corrupted(pointer, Name);
            }
        }
        catch (SqliteException e)
        {
            return Failure(e, writing: false, $"reading blob {pointer}");
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobResult> DeleteAsync(string pointer, CancellationToken cancellationToken = default)
    {
        if (!BlobPointer.IsWellFormed(pointer)) return BlobFailure.InvalidPointer(pointer);
        try
        {
            var connection = await OpenConnectionAsync(writing: true, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""DELETE FROM "{_table}" WHERE pointer = $pointer""";
                command.Parameters.AddWithValue("$pointer", pointer);
                int rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return rows == 0 ? BlobFailure.NotFound(pointer) : BlobResult.Ok;
            }
        }
        catch (SqliteException e)
        {
            return Failure(e, writing: true, $"deleting blob {pointer}");
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobResult<bool>> ExistsAsync(string pointer, CancellationToken cancellationToken = default)
    {
        if (!BlobPointer.IsWellFormed(pointer)) return BlobFailure.InvalidPointer(pointer);
        try
        {
            var connection = await OpenConnectionAsync(writing: false, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""SELECT EXISTS (SELECT 1 FROM "{_table}" WHERE pointer = $pointer)""";
                command.Parameters.AddWithValue("$pointer", pointer);
                object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return BlobResult<bool>.Ok(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0);
            }
        }
        catch (SqliteException e)
        {
            return Failure(e, writing: false, $"looking up blob {pointer}");
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobResult<long>> CountAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await OpenConnectionAsync(writing: false, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""SELECT count(*) FROM "{_table}" """;
                object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return BlobResult<long>.Ok(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (SqliteException e)
        {
            return Failure(e, writing: false, "counting blobs");
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobResult<IReadOnlyList<string>>> ListAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        int pageSize = BlobGuard.ListLimit(limit);
        if (!BlobGuard.CursorIsValid(after)) return BlobFailure.InvalidPointer(after);
        try
        {
            var connection = await OpenConnectionAsync(writing: false, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                // TEXT compares with the BINARY collation here: ordinal order, the same as every other store.
                command.CommandText = $"""SELECT pointer FROM "{_table}" WHERE pointer > $after ORDER BY pointer LIMIT $limit""";
                command.Parameters.AddWithValue("$after", after ?? "");
                command.Parameters.AddWithValue("$limit", pageSize);
                var page = new List<string>(Math.Min(pageSize, 1024));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) page.Add(reader.GetString(0));
                return BlobResult<IReadOnlyList<string>>.Ok(page);
            }
        }
        catch (SqliteException e)
        {
            return Failure(e, writing: false, "listing blobs");
        }
    }

    private static byte[] ToArray(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment)
        && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
}
