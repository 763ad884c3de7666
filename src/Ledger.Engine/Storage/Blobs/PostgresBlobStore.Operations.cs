using Npgsql;
using NpgsqlTypes;

namespace HealthLedger.Engine.Storage.Blobs;

public sealed partial class PostgresBlobStore
{
    /// <inheritdoc />
    public async ValueTask<BlobResult<string>> PutAsync(ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default)
    {
        if (BlobGuard.TooLarge(ciphertext.Length, _options, out var tooLarge)) return tooLarge;
        string pointer = BlobPointer.Compute(ciphertext.Span);
        try
        {
            // An upsert, not "do nothing": the bytes are equal by construction, and rewriting repairs a damaged row.
            await using var command = _dataSource.CreateCommand(
                $"INSERT INTO {_qualifiedTable} (pointer, content) VALUES ($1, $2) ON CONFLICT (pointer) DO UPDATE SET content = EXCLUDED.content");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pointer });
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = ciphertext });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return BlobResult<string>.Ok(pointer);
        }
        catch (NpgsqlException e)
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
            await using var command = _dataSource.CreateCommand($"SELECT content FROM {_qualifiedTable} WHERE pointer = $1");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pointer });
            object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (value is not byte[] content) return BlobFailure.NotFound(pointer);
            return BlobPointer.Matches(pointer, content) ? BlobResult<byte[]>.Ok(content) : BlobFailure.Corrupted(pointer, Name);
        }
        catch (NpgsqlException e)
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
            await using var command = _dataSource.CreateCommand($"DELETE FROM {_qualifiedTable} WHERE pointer = $1");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pointer });
            int rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return rows == 0 ? BlobFailure.NotFound(pointer) : BlobResult.Ok;
        }
        catch (NpgsqlException e)
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
            await using var command = _dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {_qualifiedTable} WHERE pointer = $1)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pointer });
            object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return BlobResult<bool>.Ok(value is true);
        }
        catch (NpgsqlException e)
        {
            return Failure(e, writing: false, $"looking up blob {pointer}");
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobResult<long>> CountAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM {_qualifiedTable}");
            object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return BlobResult<long>.Ok(value is long count ? count : 0);
        }
        catch (NpgsqlException e)
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
            await using var command = _dataSource.CreateCommand($"SELECT pointer FROM {_qualifiedTable} WHERE pointer > $1 ORDER BY pointer LIMIT $2");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after ?? "" });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize });
            var page = new List<string>(Math.Min(pageSize, 1024));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) page.Add(reader.GetString(0));
            return BlobResult<IReadOnlyList<string>>.Ok(page);
        }
        catch (NpgsqlException e)
        {
            return Failure(e, writing: false, "listing blobs");
        }
    }
}
