using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Ledger.State;

/// <summary>
/// Proof that a key holds an entry under a trie root: the entry's canonical encoding and, for every inner node from
/// the root down to the leaf's parent, the hashes of the 15 other children (the one on the path is what the verifier
/// recomputes, so it is not carried: its slot is zero). See docs/proof-format.md.
/// </summary>
/// <param name="Key">The proven key.</param>
/// <param name="EntryEncoding">The entry's canonical encoding.</param>
/// <param name="Levels">Children hashes per level, root level first.</param>
public sealed record StateProof(Hash256 Key, byte[] EntryEncoding, IReadOnlyList<Hash256[]> Levels)
{
    /// <summary>Most levels a proof may have (a 256-bit key has 64 nibbles).</summary>
    public const int MaxLevels = 64;

    /// <summary>Recomputes the root the proof commits to.</summary>
    public Hash256 ComputeRoot()
    {
        var leaf = new byte[1 + Hash256.Size + EntryEncoding.Length];
        leaf[0] = 0x00;
        Key.CopyTo(leaf.AsSpan(1));
        EntryEncoding.CopyTo(leaf, 1 + Hash256.Size);
        Hash256 current = Hash256.Compute(leaf);
        Span<byte> inner = stackalloc byte[1 + 16 * Hash256.Size];
        Span<byte> digest = stackalloc byte[Hash256.Size];
        for (int depth = Levels.Count - 1; depth >= 0; depth--)
        {
            inner[0] = 0x01;
            int onPath = Key.Nibble(depth);
            for (int i = 0; i < 16; i++)
                (i == onPath ? current : Levels[depth][i]).CopyTo(inner.Slice(1 + i * Hash256.Size, Hash256.Size));
            SHA256.HashData(inner, digest);
            current = new Hash256(digest);
        }
        return current;
    }

    /// <summary>True when the proof recomputes to <paramref name="root"/>.</summary>
    public bool Verifies(Hash256 root) => Levels.Count is > 0 and <= MaxLevels && ComputeRoot() == root;

    /// <summary>Writes: key, u32-prefixed entry encoding, u8 level count, then per level a u16 bitmap of non-zero
    /// children followed by those children's hashes.</summary>
    public void Write(CanonicalWriter w)
    {
        w.Hash(Key);
        w.Bytes32(EntryEncoding);
        w.U8((byte)Levels.Count);
        foreach (var level in Levels)
        {
            ushort bitmap = 0;
            for (int i = 0; i < 16; i++) if (!level[i].IsZero) bitmap |= (ushort)(1 << i);
            w.U16(bitmap);
            for (int i = 0; i < 16; i++) if (!level[i].IsZero) w.Hash(level[i]);
        }
    }

    /// <summary>Reads the form <see cref="Write"/> produces.</summary>
    public static bool TryRead(ref CanonicalReader r, out StateProof? proof)
    {
        proof = null;
        r.Hash("stateProof.key", out var key);
        r.Bytes32("stateProof.entry", 1 << 20, out var entry);
        byte[] entryCopy = entry.ToArray();
        r.U8("stateProof.levels", out var count);
        if (!r.Ok) return false;
        if (count is 0 or > MaxLevels) return r.Fail(DecodeErrorKind.InvalidValue, $"stateProof.levels: {count} is outside 1..{MaxLevels}.");
        var levels = new List<Hash256[]>(count);
        for (int l = 0; l < count; l++)
        {
            r.U16("stateProof.bitmap", out var bitmap);
            if (r.Ok && (bitmap & (1 << key.Nibble(l))) != 0)
                return r.Fail(DecodeErrorKind.InvalidValue, "stateProof.bitmap: the child on the key's path must be omitted.");
            var level = new Hash256[16];
            for (int i = 0; i < 16; i++)
            {
                if ((bitmap & (1 << i)) == 0) continue;
                r.Hash("stateProof.child", out level[i]);
                if (r.Ok && level[i].IsZero) return r.Fail(DecodeErrorKind.InvalidValue, "stateProof.child: a present child must not be the zero hash.");
            }
            if (!r.Ok) return false;
            levels.Add(level);
        }
        proof = new StateProof(key, entryCopy, levels);
        return true;
    }
}
