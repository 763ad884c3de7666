using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Engine.Crypto;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Conformance;

/// <summary>
/// The simulator's counterpart of the loopback kill cycles, as a property: under random sequences of crash/restart and
/// partition/heal of one validator (while transactions keep coming), no two nodes ever hold different ledgers at a
/// sequence, a restarted node still stores every ledger it reported before its crash, and once the faults end every
/// submission is validated. Through the same harness as the conformance suite; many cases, so simulator only.
/// </summary>
public sealed class FaultCyclePropertyTests
{
    /// <summary>One fault: crash (restart after <paramref name="DownMs"/>) or cut off, of one node.</summary>
    public sealed record Fault(bool Crash, int Node, int DownMs);

    public sealed record Plan(ulong Seed, Fault[] Faults)
    {
        public override string ToString() => $"seed {Seed}: {string.Join(", ", Faults.Select(f => $"{(f.Crash ? "crash" : "cut")} n{f.Node} {f.DownMs} ms"))}";
    }

    private static Gen<Plan> Plans =>
        from seed in Gen.Choose(1, int.MaxValue)
        from count in Gen.Choose(1, 6)
        from faults in Gen.ArrayOf(
            from crash in Gen.Elements(true, false)
            from node in Gen.Choose(0, 3)
            from down in Gen.Choose(200, 4_000)
            select new Fault(crash, node, down), count)
        select new Plan((ulong)seed, faults);

    [Fact]
    public void Crash_and_partition_cycles_never_fork_lose_a_reported_ledger_or_strand_a_transaction()
    {
        var prop = Prop.ForAll(Plans.ToArbitrary(), plan =>
        {
            RunAsync(plan).GetAwaiter().GetResult(); // the simulated harness completes synchronously
            return true;
        });
        prop.Check(PropertyConfig.Default(0xC0FF_0006UL, 50));
    }

    private static async Task RunAsync(Plan plan)
    {
        await using var h = new SimulatedHarness(new ClusterShape(4, "flat(0.75)"), plan.Seed);
        await h.StartAsync();
        var submissions = new List<Submission>();
        int n = 0;
        foreach (var fault in plan.Faults)
        {
            var before = h.Reported(fault.Node);
            if (fault.Crash) await h.CrashAsync(fault.Node);
            else await h.PartitionAsync([fault.Node]);
            // Load while it is down: one transaction per account in turn (each account's sequence numbers in order).
            var account = h.Accounts[n % h.Accounts.Count];
            submissions.Add(h.Submit(n % 4, account.Notarize(n)));
            n++;
            await h.WaitUntilAsync(() => false, TimeSpan.FromMilliseconds(fault.DownMs));
            if (fault.Crash) await h.RestartAsync(fault.Node);
            else await h.HealAsync();
            await h.WaitUntilAsync(() => false, TimeSpan.FromMilliseconds(500));
            var stored = (await h.StoredLedgersAsync(fault.Node)).ToDictionary(l => l.Sequence, l => l.Hash);
            foreach (var (sequence, hash) in before)
                Assert.True(stored.TryGetValue(sequence, out var now) && now == hash, $"[{plan}] node {fault.Node} lost ledger {sequence} it reported before the fault");
        }
        // Faults over: everything submitted is validated, and everyone agrees.
        Assert.True(await h.WaitUntilAsync(() => submissions.All(s => s.IsDone), TimeSpan.FromSeconds(60)),
            $"[{plan}] stranded: {string.Join(" | ", submissions.Where(s => !s.IsDone))}");
        Assert.All(submissions, s => Assert.True(s.IsValidated, $"[{plan}] {s}"));
        uint newest = Enumerable.Range(0, 4).Max(i => Head(h, i));
        Assert.True(await h.WaitUntilAsync(() => Enumerable.Range(0, 4).All(i => Head(h, i) >= newest), TimeSpan.FromSeconds(60)), $"[{plan}] a node did not catch up");
        Assert.Empty(h.ReportConflicts);
        var reference = new Dictionary<uint, Hash256>();
        for (int i = 0; i < 4; i++)
        {
            var stored = (await h.StoredLedgersAsync(i)).ToDictionary(l => l.Sequence);
            foreach (var ledger in stored.Values)
                if (!reference.TryAdd(ledger.Sequence, ledger.Hash))
                    Assert.True(reference[ledger.Sequence] == ledger.Hash, $"[{plan}] agreement broken at ledger {ledger.Sequence} (node {i})");
            foreach (var (sequence, hash) in h.Reported(i))
                Assert.True(stored.TryGetValue(sequence, out var l) && l.Hash == hash, $"[{plan}] node {i} reported ledger {sequence} but does not store it");
            foreach (var s in submissions)
                Assert.True(stored.TryGetValue(s.Ledger, out var l) && l.TransactionIds.Contains(s.Tx.Id), $"[{plan}] node {i} lacks {s}");
        }
    }

    private static uint Head(IConsensusHarness h, int node)
    {
        var reported = h.Reported(node);
        return reported.Count == 0 ? 0 : reported.Keys.Max();
    }
}
