using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Consensus;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>
/// The cheap per-message path of the node core (issue 5, scale): running tallies instead of a pass over every validator
/// per proposal or validation, and decoded messages shared by every recipient of a broadcast. Under random delays,
/// drops, duplicates and crashes: the tallies always equal a recount, and sharing decoded messages changes nothing.
/// </summary>
public class MessagePathPropertyTests
{
    public static TheoryData<int, string> Clusters()
    {
        var data = new TheoryData<int, string>();
        foreach (var n in new[] { 4, 7, 16 })
            foreach (var p in new[] { "flat(0.8)", "weighted(0.8)", "groups(2,0.67)" })
                data.Add(n, p);
        return data;
    }

    private static int Cases(int n) => n switch { 4 => 6, 7 => 4, _ => 2 };

    private static Gen<ConsensusPropertyTests.Schedule> Schedules(int n) =>
        from seed in Gen.Choose(1, int.MaxValue)
        from delay in Gen.Choose(10, 400)
        from drop in Gen.Choose(0, 150)
        from dup in Gen.Choose(0, 100)
        from crashes in Gen.Choose(0, Math.Max(1, (n - 1) / 3))
        from txs in Gen.Choose(1, 20)
        select new ConsensusPropertyTests.Schedule((ulong)seed, delay, drop, dup, crashes, txs);

    private static TestNetwork Run(ConsensusPropertyTests.Schedule s, int n, string policy, bool share, bool check)
    {
        var faults = new FaultPlan(5, s.DelayMaxMs, s.DropPermille / 1000.0, s.DuplicatePermille / 1000.0, s.Crashes, CrashAtMs: 2_000, RestartAtMs: 6_000);
        var net = new TestNetwork(s.Seed, n, ConsensusNodeTests.Fast(QuorumPolicy.Parse(policy)), faults)
        {
            ShareDecodedBroadcasts = share,
            CheckRunningTallies = check,
        };
        ConsensusPropertyTests.Load(net, s, new Random((int)s.Seed));
        net.RunUntil(net.NowMs + 12_000);
        return net;
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Running_tallies_equal_a_recount_after_every_input(int n, string policy)
    {
        var prop = Prop.ForAll(Schedules(n).ToArbitrary(), s =>
        {
            var net = Run(s, n, policy, share: true, check: true);
            net.AssertAgreement();
            return true;
        });
        prop.Check(PropertyConfig.Default(0x7A11_0000UL + (ulong)n, Cases(n)));
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Sharing_one_decoded_message_among_recipients_changes_nothing(int n, string policy)
    {
        var prop = Prop.ForAll(Schedules(n).ToArbitrary(), s =>
        {
            var bytes = Run(s, n, policy, share: false, check: false);
            var shared = Run(s, n, policy, share: true, check: false);
            for (int i = 0; i < n; i++)
            {
                Assert.True(bytes.Reported[i].SequenceEqual(shared.Reported[i]), $"[seed {s.Seed}] {s} {policy}: node {i} validated other ledgers when broadcasts were shared decoded.");
                Assert.Equal(bytes.Node(i)?.Counters.ToString(), shared.Node(i)?.Counters.ToString());
            }
            return true;
        });
        prop.Check(PropertyConfig.Default(0x5AAE_0000UL + (ulong)n, Cases(n)));
    }
}
