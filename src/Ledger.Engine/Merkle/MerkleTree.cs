using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;

namespace HealthLedger.Engine.Merkle;

/// <summary>
/// The transaction-set Merkle tree, exactly RFC 6962 / RFC 9162 (Certificate Transparency) over 32-byte leaves:
/// leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right), the split at the largest power of two
/// below the size, and the empty tree's root = SHA-256 of nothing. Anyone can check an inclusion proof with the
/// RFC 9162 §2.1.3.2 procedure and a SHA-256 tool.
/// </summary>
public static class MerkleTree
{
    /// <summary>SHA-256 of the empty string: the root of an empty tree.</summary>
    public static readonly Hash256 EmptyRoot = Hash256.Compute(ReadOnlySpan<byte>.Empty);

    /// <summary>SHA-256(0x00 ‖ leaf).</summary>
    public static Hash256 LeafHash(Hash256 leaf)
    {
        Span<byte> buffer = stackalloc byte[1 + Hash256.Size];
        buffer[0] = 0x00;
        leaf.CopyTo(buffer[1..]);
        return Hash256.Compute(buffer);
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right).</summary>
    public static Hash256 NodeHash(Hash256 left, Hash256 right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash256.Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Hash256.Size)..]);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        Sha256.Hash(buffer, digest);
        return new Hash256(digest);
    }

    /// <summary>The root over <paramref name="leaves"/> (bottom-up; an odd last node is promoted unchanged, which
    /// gives the same tree as RFC 6962's recursive definition).</summary>
    public static Hash256 Root(ReadOnlySpan<Hash256> leaves)
    {
        if (leaves.IsEmpty) return EmptyRoot;
        // Pooled: a full ledger's set is thousands of leaves, a large-object allocation per root otherwise.
        var rented = System.Buffers.ArrayPool<Hash256>.Shared.Rent(leaves.Length);
        var level = rented.AsSpan(0, leaves.Length);
        for (int i = 0; i < leaves.Length; i++) level[i] = LeafHash(leaves[i]);
        int count = level.Length;
        while (count > 1)
        {
            int next = 0;
            for (int i = 0; i + 1 < count; i += 2) level[next++] = NodeHash(level[i], level[i + 1]);
            if ((count & 1) == 1) level[next++] = level[count - 1];
            count = next;
        }
        var root = level[0];
        System.Buffers.ArrayPool<Hash256>.Shared.Return(rented);
        return root;
    }

    /// <summary>The inclusion proof (audit path, bottom-up) of the leaf at <paramref name="index"/>.</summary>
    public static Hash256[] Prove(ReadOnlySpan<Hash256> leaves, int index)
    {
        if ((uint)index >= (uint)leaves.Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"The tree has {leaves.Length} leaves.");
        var path = new List<Hash256>();
        var level = new Hash256[leaves.Length];
        for (int i = 0; i < leaves.Length; i++) level[i] = LeafHash(leaves[i]);
        int count = level.Length;
        while (count > 1)
        {
            int sibling = index ^ 1;
            if (sibling < count) path.Add(level[sibling]);
            int next = 0;
            for (int i = 0; i + 1 < count; i += 2) level[next++] = NodeHash(level[i], level[i + 1]);
            if ((count & 1) == 1) level[next++] = level[count - 1];
            count = next;
            index >>= 1;
        }
        return path.ToArray();
    }

    /// <summary>RFC 9162 §2.1.3.2: true when <paramref name="path"/> proves <paramref name="leaf"/> sits at
    /// <paramref name="index"/> of a tree of <paramref name="treeSize"/> leaves with root <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(Hash256 leaf, long index, long treeSize, ReadOnlySpan<Hash256> path, Hash256 root)
    {
        if (index < 0 || index >= treeSize) return false;
        long fn = index, sn = treeSize - 1;
        Hash256 r = LeafHash(leaf);
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else
            {
                r = NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r == root;
    }
}
