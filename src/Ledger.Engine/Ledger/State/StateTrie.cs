using System.Security.Cryptography;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Encoding;

namespace HealthLedger.Engine.Ledger.State;

/// <summary>
/// A persistent radix-16 Merkle trie keyed by 256-bit keys (after rippled's SHAMap). An inner node has 16 children
/// indexed by the key's next nibble; a leaf sits at the shallowest depth that separates its key from every other.
/// Entries are never deleted (the ledger is append-only), so the shape depends only on the set of keys, never on the
/// order they were inserted in, and the root hash is canonical.
/// <list type="bullet">
/// <item>leaf hash = SHA-256(0x00 ‖ key ‖ canonical encoding of the entry)</item>
/// <item>inner hash = SHA-256(0x01 ‖ child₀ ‖ … ‖ child₁₅), an empty child written as 32 zero bytes</item>
/// <item>the empty trie's root hash is 32 zero bytes</item>
/// </list>
/// An instance is immutable and safe to share across threads; <see cref="Builder"/> makes a new version, copying only
/// the nodes on changed paths (nodes it created itself it changes in place, so a batch of updates is cheap).
/// </summary>
public sealed class StateTrie
{
    /// <summary>The empty trie.</summary>
    public static readonly StateTrie Empty = new(new Inner(null), 0);

    private readonly Inner _root;

    private StateTrie(Inner root, int count)
    {
        _root = root;
        Count = count;
    }

    /// <summary>Number of entries.</summary>
    public int Count { get; }

    /// <summary>The root hash (computed on first use, then cached).</summary>
    public Hash256 RootHash => Count == 0 ? Hash256.Zero : _root.ComputeHash();

    /// <summary>Looks up an entry.</summary>
    public bool TryGet(Hash256 key, out IStateEntry? entry) => Lookup(_root, key, out entry);

    /// <summary>Every entry, in ascending key order.</summary>
    public IEnumerable<IStateEntry> Entries()
    {
        var stack = new Stack<(Inner Node, int Next)>();
        stack.Push((_root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            for (int i = next; i < 16; i++)
            {
                switch (node.Children[i])
                {
                    case Leaf leaf:
                        yield return leaf.Entry;
                        break;
                    case Inner inner:
                        stack.Push((node, i + 1));
                        stack.Push((inner, 0));
                        goto nextFrame;
                }
            }
        nextFrame:;
        }
    }

    /// <summary>The entries of this version that <paramref name="older"/> (an earlier version of it) does not hold as they
    /// are here: added or replaced since, in ascending key order. Only the paths the builder copied since are walked
    /// (a shared subtree is the same object in both), so the cost follows the changes, not the size. Setting each on
    /// <paramref name="older"/> gives this version.</summary>
    public List<IStateEntry> ChangedSince(StateTrie older)
    {
        ArgumentNullException.ThrowIfNull(older);
        var changed = new List<IStateEntry>();
        Walk(older._root, _root, changed);
        return changed;

        static void Walk(Node? before, Node? after, List<IStateEntry> changed)
        {
            if (ReferenceEquals(before, after) || after is null) return;
            switch (after)
            {
                case Leaf leaf:
                    changed.Add(leaf.Entry);
                    break;
                case Inner inner when before is Inner old:
                    for (int i = 0; i < 16; i++) Walk(old.Children[i], inner.Children[i], changed);
                    break;
                case Inner inner:
                    // A leaf (or nothing) became a subtree: a split pushed that same leaf object down beside new ones.
                    for (int i = 0; i < 16; i++) Walk(before, inner.Children[i], changed);
                    break;
            }
        }
    }

    /// <summary>A builder that starts from this version.</summary>
    public Builder ToBuilder() => new(_root, Count);

    /// <summary>A Merkle proof that <paramref name="key"/> holds its current entry under <see cref="RootHash"/>,
    /// or null when the key is absent.</summary>
    public StateProof? Prove(Hash256 key)
    {
        var levels = new List<Hash256[]>();
        Inner node = _root;
        for (int depth = 0; depth < 64; depth++)
        {
            var siblings = new Hash256[16];
            int onPath = key.Nibble(depth);
            // The child on the path is left zero: the verifier recomputes it, so carrying it would only add bytes
            // that nothing checks.
            for (int i = 0; i < 16; i++) siblings[i] = i == onPath ? Hash256.Zero : node.Children[i]?.ComputeHash() ?? Hash256.Zero;
            levels.Add(siblings);
            switch (node.Children[key.Nibble(depth)])
            {
                case Leaf leaf when leaf.Entry.Key == key:
                    return new StateProof(key, leaf.EncodeEntry(), levels);
                case Inner inner:
                    node = inner;
                    continue;
                default:
                    return null;
            }
        }
        return null;
    }

    private static bool Lookup(Inner node, Hash256 key, out IStateEntry? entry)
    {
        for (int depth = 0; depth < 64; depth++)
        {
            switch (node.Children[key.Nibble(depth)])
            {
                case Leaf leaf when leaf.Entry.Key == key:
                    entry = leaf.Entry;
                    return true;
                case Inner inner:
                    node = inner;
                    continue;
                default:
                    entry = null;
                    return false;
            }
        }
        entry = null;
        return false;
    }

    /// <summary>Makes a new trie version by inserting or replacing entries.</summary>
    public sealed class Builder
    {
        private Inner _root;
        private object _owner = new();

        internal Builder(Inner root, int count)
        {
            _root = root;
            Count = count;
        }

        /// <summary>Number of entries.</summary>
        public int Count { get; private set; }

        /// <summary>Looks up an entry in the version being built.</summary>
        public bool TryGet(Hash256 key, out IStateEntry? entry) => Lookup(_root, key, out entry);

        /// <summary>Inserts <paramref name="entry"/> under its key, replacing any entry already there.</summary>
        public void Set(IStateEntry entry) => Insert(entry, replace: true);

        /// <summary>Inserts <paramref name="entry"/> unless its key is present; returns false (and changes no entry)
        /// when it is. One walk instead of a lookup followed by an insert.</summary>
        public bool TryAdd(IStateEntry entry) => Insert(entry, replace: false);

        private bool Insert(IStateEntry entry, bool replace)
        {
            Hash256 key = entry.Key;
            _root = Own(_root);
            Inner node = _root;
            for (int depth = 0; depth < 64; depth++)
            {
                int n = key.Nibble(depth);
                switch (node.Children[n])
                {
                    case null:
                        node.Children[n] = new Leaf(entry);
                        Count++;
                        return true;
                    case Leaf leaf when leaf.Entry.Key == key:
                        if (!replace) return false;
                        node.Children[n] = new Leaf(entry);
                        return true;
                    case Leaf leaf:
                        node.Children[n] = Split(leaf, new Leaf(entry), depth + 1);
                        Count++;
                        return true;
                    case Inner inner:
                        var owned = Own(inner);
                        node.Children[n] = owned;
                        node = owned;
                        continue;
                }
            }
            Debug.Fail("Two distinct 256-bit keys must differ in some nibble.");
            return false;
        }

        /// <summary>Freezes the current version. The builder stays usable; later changes copy what they touch.</summary>
        public StateTrie ToImmutable()
        {
            _owner = new object();
            return new StateTrie(_root, Count);
        }

        private Inner Split(Leaf existing, Leaf added, int depth)
        {
            var top = new Inner(_owner);
            var node = top;
            while (existing.Entry.Key.Nibble(depth) == added.Entry.Key.Nibble(depth))
            {
                var next = new Inner(_owner);
                node.Children[added.Entry.Key.Nibble(depth)] = next;
                node = next;
                depth++;
            }
            node.Children[existing.Entry.Key.Nibble(depth)] = existing;
            node.Children[added.Entry.Key.Nibble(depth)] = added;
            return top;
        }

        private Inner Own(Inner node)
        {
            if (ReferenceEquals(node.Owner, _owner))
            {
                node.Invalidate();
                return node;
            }
            var copy = new Inner(_owner);
            Array.Copy(node.Children, copy.Children, 16);
            return copy;
        }
    }

    internal abstract class Node
    {
        private Hash256 _hash;
        private volatile bool _hashValid;

        public Hash256 ComputeHash()
        {
            if (_hashValid) return _hash;
            _hash = Compute();
            _hashValid = true; // volatile write after the hash: a reader that sees true sees the hash
            return _hash;
        }

        protected void Invalidate() => _hashValid = false;

        protected abstract Hash256 Compute();
    }

    internal sealed class Leaf(IStateEntry entry) : Node
    {
        public IStateEntry Entry { get; } = entry;

        public byte[] EncodeEntry()
        {
            var buffer = Encoder.Scratch();
            Entry.Write(new CanonicalWriter(buffer));
            return buffer.WrittenSpan.ToArray();
        }

        protected override Hash256 Compute()
        {
            var buffer = Encoder.Scratch();
            var w = new CanonicalWriter(buffer);
            w.U8(0x00);
            w.Hash(Entry.Key);
            Entry.Write(w);
            return Hash256.Compute(buffer.WrittenSpan);
        }
    }

    internal sealed class Inner(object? owner) : Node
    {
        public readonly Node?[] Children = new Node?[16];

        public object? Owner { get; } = owner;

        public new void Invalidate() => base.Invalidate();

        [System.Runtime.CompilerServices.SkipLocalsInit] // every byte of the buffer is written below
        protected override Hash256 Compute()
        {
            Span<byte> buffer = stackalloc byte[1 + 16 * Hash256.Size];
            buffer[0] = 0x01;
            for (int i = 0; i < 16; i++)
            {
                var slot = buffer.Slice(1 + i * Hash256.Size, Hash256.Size);
                if (Children[i] is { } child) child.ComputeHash().CopyTo(slot);
                else slot.Clear();
            }
            Span<byte> digest = stackalloc byte[Hash256.Size];
            Sha256.Hash(buffer, digest);
            return new Hash256(digest);
        }
    }
}
