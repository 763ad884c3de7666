using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Consensus;
using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;
using HealthLedger.Tests;

namespace HealthLedger.Engine.Tests.Consensus;

/// <summary>
/// Safety and liveness of the node core under random schedules: for each quorum policy with 4, 7 and 16 validators
/// in three groups. Each case runs a seeded driver; every assertion message names the driver's seed, and the
/// FsCheck configuration names its own (replay with HL_PROPERTY_SEED).
/// </summary>
public class ConsensusPropertyTests
{
    public static TheoryData<int, string> Clusters()
    {
        var data = new TheoryData<int, string>();
        foreach (var n in new[] { 4, 7, 16 })
            foreach (var p in new[] { "flat(0.8)", "weighted(0.8)", "groups(2,0.67)" })
                data.Add(n, p);
        return data;
    }

    // Fewer cases for bigger clusters keeps the whole suite within seconds.
    private static int Cases(int n) => n switch { 4 => 8, 7 => 5, _ => 2 };

    internal sealed record Schedule(ulong Seed, int DelayMaxMs, int DropPermille, int DuplicatePermille, int Crashes, int Transactions);

    private static Gen<Schedule> Schedules(int n, bool faults) =>
        from seed in Gen.Choose(1, int.MaxValue)
        from delay in Gen.Choose(10, faults ? 400 : 200)
        from drop in faults ? Gen.Choose(0, 150) : Gen.Constant(0)
        from dup in faults ? Gen.Choose(0, 100) : Gen.Constant(0)
        from crashes in faults ? Gen.Choose(0, Math.Max(1, (n - 1) / 3)) : Gen.Constant(0)
        from txs in Gen.Choose(1, 20)
        select new Schedule((ulong)seed, delay, drop, dup, crashes, txs);

    /// <summary>Submits valid transactions, plus forged ones and conflicting replays that must never commit together.</summary>
    internal static (List<Transaction> Valid, HashSet<Hash256> Forbidden) Load(TestNetwork net, Schedule s, Random random)
    {
        var valid = new List<Transaction>();
        var forbidden = new HashSet<Hash256>();
        var impostor = SigningKey.FromLabel(SignatureSchemes.Ed25519, "impostor");
        for (int i = 0; i < s.Transactions; i++)
        {
            var client = net.Clients[random.Next(net.Clients.Count)];
            long at = net.NowMs + random.Next(0, 3_000);
            if (random.Next(6) == 0)
            {
                var forged = client.Forged(i, impostor);
                forbidden.Add(forged.Id);
                net.SubmitAt(at, random.Next(net.Count), forged);
            }
            var tx = client.Notarize(i);
            valid.Add(tx);
            // Submissions arrive in time order per client, to any node; some twice, to two nodes.
            net.SubmitAt(at + 1, random.Next(net.Count), tx);
            if (random.Next(4) == 0) net.SubmitAt(at + random.Next(1, 500), random.Next(net.Count), tx);
        }
        return (valid, forbidden);
    }

    private static ConsensusParameters Parameters(string policy) => ConsensusNodeTests.Fast(QuorumPolicy.Parse(policy));

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Agreement_and_validity_hold_under_delays_drops_duplicates_and_crashes(int n, string policy)
    {
        var prop = Prop.ForAll(Schedules(n, faults: true).ToArbitrary(), s =>
        {
            var faults = new FaultPlan(5, s.DelayMaxMs, s.DropPermille / 1000.0, s.DuplicatePermille / 1000.0, s.Crashes, CrashAtMs: 2_000, RestartAtMs: 6_000);
            var net = new TestNetwork(s.Seed, n, Parameters(policy), faults);
            var (_, forbidden) = Load(net, s, new Random((int)s.Seed));
            net.RunUntil(net.NowMs + 12_000);
            net.AssertAgreement();
            net.AssertValidity(forbidden);
            return true;
        });
        prop.Check(PropertyConfig.Default(0xA9EE_0000UL + (ulong)n, Cases(n)));
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Without_faults_every_valid_transaction_is_validated_within_a_bounded_time(int n, string policy)
    {
        // Bound: transactions arrive within 3 s; a round takes at most close interval + establish + delivery
        // (about 1.5 s here), so 12 s of virtual time is several rounds more than any transaction needs.
        var prop = Prop.ForAll(Schedules(n, faults: false).ToArbitrary(), s =>
        {
            var net = new TestNetwork(s.Seed, n, Parameters(policy), new FaultPlan(5, s.DelayMaxMs));
            var (valid, forbidden) = Load(net, s, new Random((int)s.Seed));
            net.RunUntil(net.NowMs + 12_000);
            net.AssertAgreement();
            net.AssertValidity(forbidden);
            for (int i = 0; i < n; i++)
            {
                var committed = net.CommittedAt(i);
                foreach (var tx in valid)
                    Assert.True(committed.Contains(tx.Id), $"[seed {s.Seed}] {s} {policy}: liveness: node {i} has not validated {tx} after 12 s. {net.Describe()}");
                Assert.Equal(0, net.Node(i)!.Counters.ForksDetected);
            }
            return true;
        });
        prop.Check(PropertyConfig.Default(0x11FE_0000UL + (ulong)n, Cases(n)));
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void After_faults_heal_every_node_converges_and_every_valid_transaction_is_validated(int n, string policy)
    {
        var prop = Prop.ForAll(Schedules(n, faults: true).ToArbitrary(), s =>
        {
            var faults = new FaultPlan(5, s.DelayMaxMs, s.DropPermille / 1000.0, s.DuplicatePermille / 1000.0, s.Crashes,
                CrashAtMs: 2_000, RestartAtMs: 6_000, HealAtMs: 8_000);
            var net = new TestNetwork(s.Seed, n, Parameters(policy), faults);
            var random = new Random((int)s.Seed);
            var (valid, forbidden) = Load(net, s, random);
            long start = net.NowMs;
            net.RunUntil(start + 10_000);
            // Clients resubmit what is not validated yet (a node that crashed lost its pool, a relay may be lost),
            // in sequence order per sender so that no gap remains.
            var done = net.CommittedAt(Enumerable.Range(0, n).First(i => net.Node(i) is not null));
            foreach (var (tx, k) in valid.Where(t => !done.Contains(t.Id)).OrderBy(t => t.Sender).ThenBy(t => t.Sequence).Select((t, k) => (t, k)))
                net.SubmitAt(net.NowMs + 10 * k, random.Next(n), tx);
            net.RunUntil(start + 25_000);
            net.AssertAgreement();
            net.AssertValidity(forbidden);
            for (int i = 0; i < n; i++)
            {
                var committed = net.CommittedAt(i);
                foreach (var tx in valid)
                    Assert.True(committed.Contains(tx.Id), $"[seed {s.Seed}] {s} {policy}: after healing, node {i} has not validated {tx}; rejected by {string.Join(",", Enumerable.Range(0, n).Where(j => net.Rejected[j].ContainsKey(tx.Id)).Select(j => $"n{j}:{net.Rejected[j][tx.Id]}"))}; crashed {string.Join(",", Enumerable.Range(0, n).Where(j => net.EverCrashed[j]))}. {net.Describe()}");
            }
            return true;
        });
        prop.Check(PropertyConfig.Default(0x4EA1_0000UL + (ulong)n, Cases(n)));
    }
}
