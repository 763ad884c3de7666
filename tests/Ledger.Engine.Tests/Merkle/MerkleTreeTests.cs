using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Merkle;
using HealthLedger.Engine.Tests.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Merkle;

public class MerkleTreeTests
{
    private static Hash256[] Leaves(int count, int salt) =>
        Enumerable.Range(0, count).Select(i => Hash256.Compute(BitConverter.GetBytes(i * 7919 + salt))).ToArray();

    /// <summary>RFC 6962's recursive definition, written out directly, as the reference.</summary>
    private static Hash256 ReferenceRoot(ReadOnlySpan<Hash256> leaves)
    {
        if (leaves.Length == 0) return Hash256.Compute([]);
        if (leaves.Length == 1) return MerkleTree.LeafHash(leaves[0]);
        int k = 1;
        while (k * 2 < leaves.Length) k *= 2;
        return MerkleTree.NodeHash(ReferenceRoot(leaves[..k]), ReferenceRoot(leaves[k..]));
    }

    [Fact]
    public void Root_matches_the_rfc6962_recursive_definition()
    {
        for (int n = 0; n <= 70; n++) Assert.Equal(ReferenceRoot(Leaves(n, n)), MerkleTree.Root(Leaves(n, n)));
    }

    [Fact]
    public void A_proof_verifies_iff_the_leaf_is_in_the_tree_at_that_index()
    {
        var gen = Gen.Choose(1, 300).SelectMany(n => Gen.Choose(0, n - 1).SelectMany(i => Gen.Choose(0, 3).Select(mutation => (n, i, mutation))));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (n, index, mutation) = t;
            var leaves = Leaves(n, 17);
            var root = MerkleTree.Root(leaves);
            var path = MerkleTree.Prove(leaves, index);
            Assert.True(MerkleTree.VerifyInclusion(leaves[index], index, n, path, root));
            switch (mutation)
            {
                case 0: // a leaf that is not in the tree
                    Assert.False(MerkleTree.VerifyInclusion(Hash256.Compute("absent"u8), index, n, path, root));
                    break;
                case 1: // the right leaf at the wrong index
                    if (n > 1) Assert.False(MerkleTree.VerifyInclusion(leaves[index], (index + 1) % n, n, path, root));
                    break;
                case 2: // a tampered path
                    if (path.Length > 0)
                    {
                        var bad = (Hash256[])path.Clone();
                        bad[new Random(n).Next(bad.Length)] = Hash256.Compute("evil"u8);
                        Assert.False(MerkleTree.VerifyInclusion(leaves[index], index, n, bad, root));
                    }
                    break;
                default: // an index outside the tree
                    Assert.False(MerkleTree.VerifyInclusion(leaves[index], n, n, path, root));
                    break;
            }
        }).Check(PropertyConfig.Default(seed: 1201, maxTest: 300));
    }

    [Fact]
    public void Empty_tree_root_is_sha256_of_nothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MerkleTree.Root([]).ToString());
    }
}
