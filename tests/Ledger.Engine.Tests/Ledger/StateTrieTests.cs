using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;
using HealthLedger.Engine.Ledger.State;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Ledger;

public class StateTrieTests
{
    private sealed record Blob(Hash256 Key, int Value) : IStateEntry
    {
        public void Write(CanonicalWriter w) => w.U32((uint)Value);
    }

    private static Blob[] Entries(int seed, int count)
    {
        var rng = new Random(seed);
        // Keys share prefixes often (a small alphabet of first bytes), so deep splits get exercised.
        return Enumerable.Range(0, count).Select(i =>
        {
            var key = RandomTransactions.Bytes(rng, 32);
            key[0] = (byte)rng.Next(3);
            if (rng.Next(2) == 0) key[1] = 0x55;
            return new Blob(new Hash256(key), rng.Next());
        }).DistinctBy(b => b.Key).ToArray();
    }

    private static StateTrie Build(IEnumerable<Blob> entries)
    {
        var builder = StateTrie.Empty.ToBuilder();
        foreach (var e in entries) builder.Set(e);
        return builder.ToImmutable();
    }

    [Fact]
    public void Root_is_independent_of_insertion_order_and_of_how_batches_are_split()
    {
        var gen = Gen.Choose(0, int.MaxValue).SelectMany(seed => Gen.Choose(0, 200).Select(count => (seed, count)));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var entries = Entries(t.seed, t.count);
            var shuffled = entries.OrderBy(_ => new Random(t.seed + 1).Next()).ToArray();
            var reversed = entries.Reverse().ToArray();
            var a = Build(entries);

            // Build in two frozen batches: the second builder must copy, not mutate, the first version's nodes.
            var half = Build(shuffled.Take(shuffled.Length / 2));
            Hash256 halfRoot = half.RootHash;
            var b2 = half.ToBuilder();
            foreach (var e in shuffled.Skip(shuffled.Length / 2)) b2.Set(e);
            var b = b2.ToImmutable();

            Assert.Equal(a.RootHash, Build(reversed).RootHash);
            Assert.Equal(a.RootHash, b.RootHash);
            Assert.Equal(halfRoot, half.RootHash); // the older version did not change
            Assert.Equal(entries.Length, a.Count);
            Assert.Equal(entries.OrderBy(e => e.Key).Select(e => e.Key), a.Entries().Select(e => e.Key));
        }).Check(PropertyConfig.Default(seed: 1301, maxTest: 150));
    }

    [Fact]
    public void Replacing_an_entry_changes_the_root_and_restoring_it_restores_the_root()
    {
        var entries = Entries(5, 100);
        var trie = Build(entries);
        var builder = trie.ToBuilder();
        builder.Set(entries[10] with { Value = entries[10].Value + 1 });
        var changed = builder.ToImmutable();
        Assert.NotEqual(trie.RootHash, changed.RootHash);
        builder.Set(entries[10]);
        Assert.Equal(trie.RootHash, builder.ToImmutable().RootHash);
        Assert.Equal(entries.Length, changed.Count);
    }

    [Fact]
    public void A_state_proof_verifies_for_present_keys_and_fails_when_tampered()
    {
        Prop.ForAll(Arb.From(Gen.Choose(1, int.MaxValue)), seed =>
        {
            var entries = Entries(seed, 1 + seed % 150);
            var trie = Build(entries);
            var target = entries[seed % entries.Length];
            var proof = trie.Prove(target.Key)!;
            Assert.True(proof.Verifies(trie.RootHash));

            var tamperedValue = proof with { EntryEncoding = [.. proof.EntryEncoding[..^1], (byte)(proof.EntryEncoding[^1] ^ 1)] };
            Assert.False(tamperedValue.Verifies(trie.RootHash));

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            proof.Write(new CanonicalWriter(buffer));
            var reader = new CanonicalReader(buffer.WrittenSpan);
            Assert.True(StateProof.TryRead(ref reader, out var decoded));
            Assert.True(reader.End());
            Assert.True(decoded!.Verifies(trie.RootHash));

            var absent = new Hash256(RandomTransactions.Bytes(new Random(seed), 32));
            if (!entries.Any(e => e.Key == absent)) Assert.Null(trie.Prove(absent));
        }).Check(PropertyConfig.Default(seed: 1302, maxTest: 150));
    }

    [Fact]
    public void Empty_trie_has_the_zero_root()
    {
        Assert.Equal(Hash256.Zero, StateTrie.Empty.RootHash);
        Assert.Equal(0, StateTrie.Empty.Count);
    }
}
