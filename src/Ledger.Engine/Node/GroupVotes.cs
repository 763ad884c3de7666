using System.Numerics;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Node;

/// <summary>
/// Validators counted per group under each of a few keys (a transaction set, a close time), in the order the keys were
/// first seen. A scratch structure: counting per group and multiplying once by the group's member power is exact, and
/// much cheaper than adding one validator's power at a time.
/// </summary>
/// <typeparam name="TKey">What the validators vote for.</typeparam>
internal sealed class GroupVotes<TKey> where TKey : notnull
{
    private readonly List<TKey> _keys = [];
    private readonly List<int> _counts = []; // three per key: one per group
    private readonly Dictionary<TKey, int> _indexOf = [];

    /// <summary>Distinct keys.</summary>
    public int Count => _keys.Count;

    /// <summary>The key at <paramref name="k"/> (keys keep the order they were first seen in).</summary>
    public TKey KeyAt(int k) => _keys[k];

    /// <summary>Forgets every key.</summary>
    public void Clear()
    {
        _keys.Clear();
        _counts.Clear();
        _indexOf.Clear();
    }

    /// <summary>Counts one validator of group index <paramref name="group"/> (0..2) for <paramref name="key"/>.</summary>
    public void Add(TKey key, int group)
    {
        if (!_indexOf.TryGetValue(key, out int k))
        {
            k = _keys.Count;
            _indexOf[key] = k;
            _keys.Add(key);
            _counts.Add(0);
            _counts.Add(0);
            _counts.Add(0);
        }
        _counts[3 * k + group]++;
    }

    /// <summary>The power of the validators counted for the key at <paramref name="k"/>.</summary>
    public BigInteger PowerAt(int k, ValidatorSet validators)
    {
        BigInteger power = BigInteger.Zero;
        for (int g = 0; g < 3; g++)
            if (_counts[3 * k + g] > 0) power += validators.PowerOfMember(ValidatorGroups.All[g]) * _counts[3 * k + g];
        return power;
    }
}
