using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Consensus;

public class QuorumPolicyTests
{
    internal static ValidatorSet MakeSet(int generators, int receivers, int monitors, GroupWeights? weights = null)
    {
        var members = new List<(PublicKey, ValidatorGroup)>();
        void Add(int n, ValidatorGroup g)
        {
            for (int i = 0; i < n; i++)
                members.Add((SigningKey.FromLabel(SignatureSchemes.Ed25519, $"{g}-{i}").Public, g));
        }
        Add(generators, ValidatorGroup.Generators);
        Add(receivers, ValidatorGroup.Receivers);
        Add(monitors, ValidatorGroup.Monitors);
        return new ValidatorSet(members, weights ?? GroupWeights.Equal);
    }

    private static VoteTally Tally(ValidatorSet set, Func<Validator, bool> include)
    {
        var t = set.NewTally();
        foreach (var v in set.Validators) if (include(v)) t.Add(v.Index);
        return t;
    }

    [Theory]
    [InlineData("0.8", 4, 5)]
    [InlineData("4/5", 4, 5)]
    [InlineData("80%", 4, 5)]
    [InlineData("0.67", 67, 100)]
    [InlineData("1", 1, 1)]
    [InlineData("0", 0, 1)]
    public void Shares_parse_exactly(string text, long n, long d)
    {
        var s = Share.Parse(text);
        Assert.Equal((n, d), (s.Numerator, s.Denominator));
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("-0.5")]
    [InlineData("abc")]
    [InlineData("3/2")]
    [InlineData("")]
    public void Bad_shares_are_refused(string text) => Assert.False(Share.TryParse(text, out _, out var error) && error is null);

    [Fact]
    public void Reaching_a_share_is_inclusive()
    {
        var q = Share.Parse("0.8");
        Assert.True(q.IsReachedBy(8, 10));
        Assert.False(q.IsReachedBy(7, 10));
        Assert.False(q.IsExceededBy(8, 10));
    }

    [Fact]
    public void Powers_are_group_weight_shared_equally_and_exact()
    {
        var set = MakeSet(3, 2, 1, new GroupWeights(40, 40, 20));
        // lcm(3,2,1) = 6: generators 40*2 each, receivers 40*3 each, monitor 20*6.
        Assert.Equal(new BigInteger(80), set.PowerOfMember(ValidatorGroup.Generators));
        Assert.Equal(new BigInteger(120), set.PowerOfMember(ValidatorGroup.Receivers));
        Assert.Equal(new BigInteger(120), set.PowerOfMember(ValidatorGroup.Monitors));
        Assert.Equal(new BigInteger(600), set.TotalPower);
        Assert.Equal(set.TotalPower * 2 / 5, set.GroupPower(ValidatorGroup.Generators));
    }

    [Fact]
    public void Flat_counts_validators()
    {
        var set = MakeSet(2, 1, 1);
        var p = QuorumPolicy.Parse("flat(0.75)");
        Assert.True(p.IsSatisfiedBy(Tally(set, v => v.Index < 3)));
        Assert.False(p.IsSatisfiedBy(Tally(set, v => v.Index < 2)));
    }

    [Fact]
    public void Weighted_uses_power_not_count()
    {
        var set = MakeSet(5, 1, 1); // each group a third of the power
        var p = QuorumPolicy.Parse("weighted(0.6)");
        Assert.False(p.IsSatisfiedBy(Tally(set, v => v.Group == ValidatorGroup.Generators))); // 5 of 7 validators, 1/3 of the power
        Assert.True(p.IsSatisfiedBy(Tally(set, v => v.Group != ValidatorGroup.Generators))); // 2 of 7 validators, 2/3 of the power
    }

    [Fact]
    public void Groups_needs_k_groups_each_at_their_internal_share()
    {
        var set = MakeSet(3, 3, 3);
        var p = QuorumPolicy.Parse("groups(2,0.67)");
        Assert.True(p.IsSatisfiedBy(Tally(set, v => v.Group != ValidatorGroup.Monitors))); // one failed group is survived
        Assert.False(p.IsSatisfiedBy(Tally(set, v => v.Group == ValidatorGroup.Monitors))); // two failed groups are not
        // 2 of 3 is 0.666.. < 0.67: a group at two thirds does not count.
        Assert.False(p.IsSatisfiedBy(Tally(set, v => v.Index % 3 != 0)));
        Assert.True(QuorumPolicy.Parse("groups(3,2/3)").IsSatisfiedBy(Tally(set, v => set.Validators.Where(w => w.Group == v.Group).ToList().IndexOf(v) < 2)));
    }

    [Theory]
    [InlineData("flat", "flat(0.8)")]
    [InlineData("weighted(0.9)", "weighted(0.9)")]
    [InlineData("groups", "groups(2,0.67)")]
    [InlineData("groups(3, 2/3)", "groups(3,2/3)")]
    public void Policies_parse_and_print(string text, string printed) => Assert.Equal(printed, QuorumPolicy.Parse(text).ToString());

    [Theory]
    [InlineData("groups(4,0.5)")]
    [InlineData("flat(0)")]
    [InlineData("majority")]
    [InlineData("weighted(1.5)")]
    public void Bad_policies_are_refused(string text) => Assert.Throws<FormatException>(() => QuorumPolicy.Parse(text));

    [Fact]
    public void A_tally_counts_each_validator_once()
    {
        var set = MakeSet(1, 1, 1);
        var t = set.NewTally();
        Assert.True(t.Add(0));
        Assert.False(t.Add(0));
        Assert.Equal(1, t.Count);
        Assert.Equal(set.PowerOf(0), t.Power);
    }

    [Fact]
    public void Two_quorums_of_every_policy_share_a_validator_when_q_exceeds_one_half()
    {
        // Quorum intersection, the root of agreement: for flat and weighted with q > 1/2, any two quorums overlap.
        var set = MakeSet(3, 2, 2, new GroupWeights(3, 2, 1));
        int n = set.Count;
        var policies = new[] { QuorumPolicy.Parse("flat(0.6)"), QuorumPolicy.Parse("weighted(0.51)"), QuorumPolicy.Parse("groups(3,0.51)") };
        var prop = Prop.ForAll(Gen.Choose(0, (1 << n) - 1).ToArbitrary(), Gen.Choose(0, (1 << n) - 1).ToArbitrary(), (a, b) =>
        {
            foreach (var p in policies)
            {
                var ta = Tally(set, v => (a >> v.Index & 1) == 1);
                var tb = Tally(set, v => (b >> v.Index & 1) == 1);
                if (p.IsSatisfiedBy(ta) && p.IsSatisfiedBy(tb) && (a & b) == 0) return false;
            }
            return true;
        });
        prop.Check(PropertyConfig.Default(0xC0FFEE, maxTest: 200));
    }

    [Fact]
    public void Default_parameters_are_valid_and_bad_ones_name_their_field()
    {
        Assert.Empty(new ConsensusParameters().Problems());
        var bad = new ConsensusParameters
        {
            CloseIntervalMs = 0,
            AcceptShare = Share.Parse("0.5"),
            DisputeSchedule = [new(0, Share.Percent(50)), new(50, Share.Percent(40))],
            Quorum = QuorumPolicy.Groups(5, Share.Parse("0.67")),
        };
        var e = Assert.Throws<ArgumentException>(() => bad.Validate());
        Assert.Contains(nameof(ConsensusParameters.CloseIntervalMs), e.Message);
        Assert.Contains(nameof(ConsensusParameters.AcceptShare), e.Message);
        Assert.Contains("DisputeSchedule[1]", e.Message);
        Assert.Contains(nameof(ConsensusParameters.Quorum), e.Message);
    }

    [Fact]
    public void A_weighted_group_without_validators_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => MakeSet(2, 2, 0));
        Assert.Contains("Monitors", e.Message);
        Assert.Equal(4, MakeSet(2, 2, 0, new GroupWeights(1, 1, 0)).Count);
    }
}
