namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>The kinds of damage <see cref="FaultInjectingBlobStore"/> can do, after the database-corruption
/// adversary of the design: a bit rots, a blob disappears, two blobs trade places, a blob reverts to older bytes.</summary>
public enum BlobFaultKind
{
    /// <summary>One bit of the blob is inverted on every read.</summary>
    FlipBit,

    /// <summary>The blob is deleted from the underlying store.</summary>
    Delete,

    /// <summary>Reads of either of two pointers return the other's bytes.</summary>
    Swap,

    /// <summary>Reads return bytes the blob held before (an older version), not its current ones.</summary>
    RollBack,
}
