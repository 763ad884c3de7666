using System.Numerics;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// The fixed set of validators and their voting power. Each group's weight is shared equally by the validators of
/// that group; powers are exact integers in a common unit (the least common multiple of the group sizes), so
/// "weight ≥ q × total" is decided without rounding.
/// </summary>
public sealed class ValidatorSet
{
    private readonly Validator[] _validators;
    private readonly int[] _groupIndex; // per validator: 0, 1 or 2 (tallies read it for every vote)
    private readonly Dictionary<Hash256, int> _indexById;
    private readonly int[] _groupSizes = new int[3];
    private readonly BigInteger[] _powerPerMember = new BigInteger[3];

    /// <summary>Builds the set. Throws when a key repeats, a group is not one of the three validating groups, or a
    /// group with positive weight has no validators (its power could belong to nobody).</summary>
    public ValidatorSet(IEnumerable<(PublicKey Key, ValidatorGroup Group)> members, GroupWeights weights)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Problem() is { } problem) ThrowHelper.Argument(nameof(weights), $"Invalid group weights: {problem}.");
        Weights = weights;

        var sorted = members.OrderBy(m => m.Key.Id).ToArray();
        if (sorted.Length == 0) ThrowHelper.Argument(nameof(members), "A validator set needs at least one validator.");
        _validators = new Validator[sorted.Length];
        _groupIndex = new int[sorted.Length];
        _indexById = new Dictionary<Hash256, int>(sorted.Length);
        for (int i = 0; i < sorted.Length; i++)
        {
            var (key, group) = sorted[i];
            if (group is < ValidatorGroup.Generators or > ValidatorGroup.Monitors)
                ThrowHelper.Argument(nameof(members), $"Validator {key.Id.ToShortString()} has group {group}; validators belong to Generators, Receivers or Monitors.");
            if (!_indexById.TryAdd(key.Id, i))
                ThrowHelper.Argument(nameof(members), $"Validator {key.Id.ToShortString()} appears twice.");
            _validators[i] = new Validator(i, key, group);
            _groupIndex[i] = ValidatorGroups.IndexOf(group);
            _groupSizes[ValidatorGroups.IndexOf(group)]++;
        }

        BigInteger unit = 1; // least common multiple of the non-empty group sizes
        foreach (var g in ValidatorGroups.All)
        {
            int n = _groupSizes[ValidatorGroups.IndexOf(g)];
            if (n == 0)
            {
                if (weights.Of(g) > 0)
                    ThrowHelper.Argument(nameof(members), $"The {g} group has weight {weights.Of(g)} but no validators; give it weight 0 or add validators.");
                continue;
            }
            unit = unit / BigInteger.GreatestCommonDivisor(unit, n) * n;
        }
        foreach (var g in ValidatorGroups.All)
        {
            int gi = ValidatorGroups.IndexOf(g);
            int n = _groupSizes[gi];
            _powerPerMember[gi] = n == 0 ? BigInteger.Zero : weights.Of(g) * (unit / n);
            TotalPower += _powerPerMember[gi] * n;
        }
        Debug.Assert(TotalPower > 0, "Validated weights have a positive sum over non-empty groups.");
    }

    /// <summary>The group weights the powers were derived from.</summary>
    public GroupWeights Weights { get; }

    /// <summary>Validators ordered by id.</summary>
    public IReadOnlyList<Validator> Validators => _validators;

    /// <summary>Number of validators.</summary>
    public int Count => _validators.Length;

    /// <summary>Sum of every validator's power, in the set's common unit.</summary>
    public BigInteger TotalPower { get; }

    /// <summary>The validator at <paramref name="index"/>.</summary>
    public Validator this[int index] => _validators[index];

    /// <summary>The validator whose account id is <paramref name="id"/>, or null.</summary>
    public Validator? Find(Hash256 id) => _indexById.TryGetValue(id, out int i) ? _validators[i] : null;

    /// <summary>Number of validators in <paramref name="group"/>.</summary>
    public int GroupSize(ValidatorGroup group) => _groupSizes[ValidatorGroups.IndexOf(group)];

    /// <summary>The power of one validator of <paramref name="group"/> (the group weight over its size, in the common unit).</summary>
    public BigInteger PowerOfMember(ValidatorGroup group) => _powerPerMember[ValidatorGroups.IndexOf(group)];

    /// <summary>The total power of <paramref name="group"/> (zero for an empty group).</summary>
    public BigInteger GroupPower(ValidatorGroup group) => PowerOfMember(group) * GroupSize(group);

    /// <summary>The power of the validator at <paramref name="index"/>.</summary>
    public BigInteger PowerOf(int index) => PowerOfMember(_validators[index].Group);

    /// <summary>The group index (0, 1 or 2, see <see cref="ValidatorGroups.IndexOf"/>) of the validator at
    /// <paramref name="index"/>.</summary>
    public int GroupIndexOf(int index) => _groupIndex[index];

    /// <summary>A new empty tally over this set.</summary>
    public VoteTally NewTally() => new(this);
}
