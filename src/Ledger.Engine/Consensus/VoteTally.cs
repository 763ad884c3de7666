using System.Numerics;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// A set of distinct validators (those that voted for one thing) with its count and power per group. Adding the same
/// validator twice counts once, so a duplicated message can never inflate a vote.
/// </summary>
public sealed class VoteTally
{
    private readonly bool[] _present;
    private readonly int[] _groupCounts = new int[3];

    internal VoteTally(ValidatorSet set)
    {
        Set = set;
        _present = new bool[set.Count];
    }

    /// <summary>The validator set the tally counts over.</summary>
    public ValidatorSet Set { get; }

    /// <summary>Distinct validators counted.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the validator at <paramref name="index"/>; false when it was already counted.</summary>
    public bool Add(int index)
    {
        if (_present[index]) return false;
        _present[index] = true;
        _groupCounts[Set.GroupIndexOf(index)]++;
        Count++;
        return true;
    }

    /// <summary>Removes the validator at <paramref name="index"/>; false when it was not counted. Lets a host or node
    /// keep a running tally as votes change instead of recounting every validator.</summary>
    public bool Remove(int index)
    {
        if (!_present[index]) return false;
        _present[index] = false;
        _groupCounts[Set.GroupIndexOf(index)]--;
        Count--;
        return true;
    }

    /// <summary>Adds or removes the validator at <paramref name="index"/> so that it is counted iff
    /// <paramref name="counted"/>; true when that changed the tally.</summary>
    public bool Include(int index, bool counted) => counted ? Add(index) : Remove(index);

    /// <summary>Forgets every validator.</summary>
    public void Clear()
    {
        Array.Clear(_present);
        Array.Clear(_groupCounts);
        Count = 0;
    }

    /// <summary>True when the validator at <paramref name="index"/> is counted.</summary>
    public bool Contains(int index) => _present[index];

    /// <summary>Validators of <paramref name="group"/> counted.</summary>
    public int CountIn(ValidatorGroup group) => _groupCounts[ValidatorGroups.IndexOf(group)];

    /// <summary>Power of the counted validators of <paramref name="group"/>.</summary>
    public BigInteger PowerIn(ValidatorGroup group) => Set.PowerOfMember(group) * CountIn(group);

    /// <summary>Power of every counted validator.</summary>
    public BigInteger Power
    {
        get
        {
            BigInteger sum = BigInteger.Zero;
            foreach (var g in ValidatorGroups.All) sum += PowerIn(g);
            return sum;
        }
    }
}
