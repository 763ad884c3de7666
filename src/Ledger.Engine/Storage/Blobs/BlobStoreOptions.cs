namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>Settings every blob store honours.</summary>
public sealed record BlobStoreOptions
{
    /// <summary>Most pointers one <see cref="IBlobStore.ListAsync"/> page returns, so an audit's memory stays bounded
    /// whatever the store's size.</summary>
    public const int MaxListLimit = 10_000;

    /// <summary>The defaults: durable writes, 64 MiB per blob.</summary>
    public static BlobStoreOptions Default { get; } = new();

    /// <summary>Largest blob accepted, in bytes. A health record is kilobytes to a few megabytes (an imaging study is
    /// stored as several blobs); the cap keeps one upload from exhausting memory, since blobs are read whole.</summary>
    public long MaxBlobBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>When true (the default) a put returns only once the blob survives a power loss: the directory store
    /// fsyncs the file, SQLite runs with <c>synchronous=FULL</c>. PostgreSQL follows the server's own
    /// <c>synchronous_commit</c>. Benchmarks and simulations may turn it off.</summary>
    public bool Durable { get; init; } = true;
}
