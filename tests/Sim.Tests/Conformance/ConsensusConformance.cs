using HealthLedger.Engine.Crypto;
using HealthLedger.Engine.Ledger;

namespace HealthLedger.Sim.Tests.Conformance;

/// <summary>
/// Consensus behaviours every host of the node core must show, written once against <see cref="IConsensusHarness"/>
/// and run once per backend by the classes that inherit it (<see cref="SimulatedConformanceTests"/>,
/// <see cref="LoopbackConformanceTests"/>). Deadlines are bounds, never what a test measures: virtual time for the
/// simulator, real time for TCP.
/// </summary>
public abstract class ConsensusConformance
{
    /// <summary>The backend under test.</summary>
    protected abstract IConsensusHarness CreateHarness(ClusterShape shape);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Four_validators_validate_submitted_transactions_and_agree_on_every_ledger()
    {
        await using var h = await StartAsync(new ClusterShape(4));
        var submissions = new List<Submission>();
        for (int round = 0; round < 2; round++)
        {
            var batch = Enumerable.Range(0, 4).Select(k => h.Submit(k, h.Accounts[k].Notarize(round * 10 + k))).ToList();
            await ExpectValidatedAsync(h, batch);
            submissions.AddRange(batch);
        }
        await ExpectAgreementAsync(h, submissions);
    }

    [Fact]
    public async Task A_replayed_or_forged_transaction_is_rejected_and_never_validated()
    {
        await using var h = await StartAsync(new ClusterShape(4));
        var account = h.Accounts[0];
        var original = account.Notarize(1);
        await ExpectValidatedAsync(h, [h.Submit(0, original)]);

        var replay = h.Submit(1, original); // the same signed bytes again
        var reuse = h.Submit(2, account.Reuse(original.Sequence, 1)); // a new body in a used sequence slot
        var forged = h.Submit(3, account.Forged(1, SigningKey.FromLabel(SignatureSchemes.Ed25519, "impostor")));
        Assert.True(await h.WaitUntilAsync(() => replay.IsDone && reuse.IsDone && forged.IsDone, Bound), $"[{h.Backend}] no answer: {replay} | {reuse} | {forged}");
        Assert.Equal(TxResult.Replayed, replay.Result);
        Assert.Equal(TxResult.Replayed, reuse.Result);
        Assert.Equal(TxResult.WrongKey, forged.Result); // a well-formed signature, by a key that is not the account's

        // The network moves on (the account's next valid transaction goes through) and none of them got in.
        var later = Enumerable.Range(0, 4).Select(k => h.Submit(k, h.Accounts[k].Notarize(100 + k))).ToList();
        await ExpectValidatedAsync(h, later);
        await ExpectAgreementAsync(h, [.. later]);
        for (int i = 0; i < h.Count; i++)
        {
            var ids = (await h.StoredLedgersAsync(i)).SelectMany(l => l.TransactionIds).ToList();
            Assert.Equal(1, ids.Count(id => id == original.Id));
            Assert.DoesNotContain(reuse.Tx.Id, ids);
            Assert.DoesNotContain(forged.Tx.Id, ids);
        }
    }

    [Fact]
    public async Task A_crashed_node_restarts_from_its_data_directory_catches_up_and_loses_no_ledger_it_reported()
    {
        // flat(0.75): three of four keep validating while one is down.
        await using var h = await StartAsync(new ClusterShape(4, "flat(0.75)"));
        const int victim = 3;
        var before = new List<Submission>();
        for (int k = 0; k < 2; k++) before.Add(h.Submit(k, h.Accounts[k].Notarize(k)));
        await ExpectValidatedAsync(h, before);
        uint last = before.Max(s => s.Ledger);
        Assert.True(await h.WaitUntilAsync(() => Head(h, victim) >= last, Bound), $"[{h.Backend}] node {victim} did not reach ledger {last}");
        var reportedBeforeCrash = h.Reported(victim);

        await h.CrashAsync(victim);
        var during = Enumerable.Range(0, 3).Select(k => h.Submit(k, h.Accounts[4 + k].Notarize(k))).ToList();
        await ExpectValidatedAsync(h, during);
        uint head = during.Max(s => s.Ledger);
        Assert.True(head > reportedBeforeCrash.Keys.Max(), $"[{h.Backend}] the others did not move on without node {victim}");

        await h.RestartAsync(victim);
        Assert.True(await h.WaitUntilAsync(() => Head(h, victim) >= head, Bound), $"[{h.Backend}] node {victim} did not catch up to ledger {head} (at {Head(h, victim)})");
        var stored = (await h.StoredLedgersAsync(victim)).ToDictionary(l => l.Sequence, l => l.Hash);
        foreach (var (sequence, hash) in reportedBeforeCrash)
            Assert.True(stored.TryGetValue(sequence, out var now) && now == hash, $"[{h.Backend}] node {victim} lost ledger {sequence} it reported validated before its crash");

        // And it takes part again: a transaction sent to it is validated.
        var after = h.Submit(victim, h.Accounts[8].Notarize(8));
        await ExpectValidatedAsync(h, [after]);
        await ExpectAgreementAsync(h, [.. before, .. during, after]);
    }

    [Fact]
    public async Task Agreement_holds_with_a_crashed_minority_and_progress_resumes_when_it_returns()
    {
        // flat(0.8) over four validators needs all four: one crash stops validation (it must not fork it).
        await using var h = await StartAsync(new ClusterShape(4));
        var first = h.Submit(0, h.Accounts[0].Notarize(0));
        await ExpectValidatedAsync(h, [first]);
        await h.CrashAsync(1);
        var stalled = h.Submit(2, h.Accounts[1].Notarize(1));
        Assert.False(await h.WaitUntilAsync(() => stalled.IsDone, TimeSpan.FromSeconds(3)),
            $"[{h.Backend}] a transaction was validated with three of four validators under flat(0.8): {stalled}");
        await ExpectAgreementAsync(h, [first]);

        await h.RestartAsync(1);
        await ExpectValidatedAsync(h, [stalled]);
        var after = Enumerable.Range(0, 4).Select(k => h.Submit(k, h.Accounts[4 + k].Notarize(k))).ToList();
        await ExpectValidatedAsync(h, after);
        await ExpectAgreementAsync(h, [first, stalled, .. after]);
    }

    [Theory]
    [InlineData("flat(0.8)", "1:1:1")]
    [InlineData("weighted(0.8)", "3:2:1")]
    [InlineData("groups(2,0.67)", "1:1:1")]
    public async Task Seven_validators_make_progress_under_each_quorum_policy(string quorum, string weights)
    {
        await using var h = await StartAsync(new ClusterShape(7, quorum, weights));
        var submissions = Enumerable.Range(0, 7).Select(k => h.Submit(k, h.Accounts[k].Notarize(k))).ToList();
        await ExpectValidatedAsync(h, submissions);
        var second = Enumerable.Range(0, 7).Select(k => h.Submit((k + 3) % 7, h.Accounts[k].Notarize(10 + k))).ToList();
        await ExpectValidatedAsync(h, second);
        await ExpectAgreementAsync(h, [.. submissions, .. second]);
    }

    [Fact]
    public async Task A_node_cut_off_falls_behind_without_forking_and_catches_up_by_fetching_ledgers()
    {
        Assert.True(CreatesPartitions, "every backend here can partition; a backend that cannot should say so here");
        await using var h = await StartAsync(new ClusterShape(4, "flat(0.75)"));
        const int isolated = 3;
        var warmUp = h.Submit(0, h.Accounts[0].Notarize(0));
        await ExpectValidatedAsync(h, [warmUp]);
        Assert.True(await h.WaitUntilAsync(() => Head(h, isolated) >= warmUp.Ledger, Bound));

        await h.PartitionAsync([isolated]);
        uint cutAt = Head(h, isolated);
        var during = new List<Submission>();
        for (int k = 0; k < 4; k++)
        {
            var s = h.Submit(k % 3, h.Accounts[1 + k].Notarize(k));
            await ExpectValidatedAsync(h, [s]);
            during.Add(s);
        }
        uint head = during.Max(s => s.Ledger);
        // Alone it holds a quarter of the votes: it can validate nothing new, whatever it closes.
        Assert.True(Head(h, isolated) <= cutAt + 1, $"[{h.Backend}] the isolated node validated ledger {Head(h, isolated)} (cut at {cutAt})");
        Assert.True(head > Head(h, isolated) + 1, $"[{h.Backend}] the others did not move on (head {head})");

        await h.HealAsync();
        var after = h.Submit(0, h.Accounts[6].Notarize(6));
        await ExpectValidatedAsync(h, [after]);
        Assert.True(await h.WaitUntilAsync(() => Head(h, isolated) >= after.Ledger, Bound), $"[{h.Backend}] node {isolated} did not catch up (at {Head(h, isolated)}, head {after.Ledger})");
        Assert.True(await h.LedgersFetchedAsync(isolated) > 0, $"[{h.Backend}] node {isolated} caught up without fetching a ledger");
        await ExpectAgreementAsync(h, [warmUp, .. during, after]);
    }

    /// <summary>True when the backend can cut links; the suite has no sim-only behaviour as long as both can.</summary>
    protected virtual bool CreatesPartitions => true;

    private async Task<IConsensusHarness> StartAsync(ClusterShape shape)
    {
        var h = CreateHarness(shape);
        try
        {
            await h.StartAsync();
        }
        catch
        {
            await h.DisposeAsync();
            throw;
        }
        return h;
    }

    /// <summary>The newest ledger the node reported validated (0 for none).</summary>
    protected static uint Head(IConsensusHarness h, int node)
    {
        var reported = h.Reported(node);
        return reported.Count == 0 ? 0 : reported.Keys.Max();
    }

    private static async Task ExpectValidatedAsync(IConsensusHarness h, IReadOnlyList<Submission> submissions)
    {
        bool done = await h.WaitUntilAsync(() => submissions.All(s => s.IsDone), Bound);
        Assert.True(done, $"[{h.Backend}] no outcome within {Bound.TotalSeconds} s: {string.Join(" | ", submissions.Where(s => !s.IsDone))}");
        foreach (var s in submissions) Assert.True(s.IsValidated, $"[{h.Backend}] {s}");
    }

    /// <summary>Agreement and no loss on every node that is up: once each holds the newest validated ledger any of them
    /// reported, all stores hold the same ledger at every sequence, each node's reports match its store, and every
    /// validated submission is in the ledger it was reported in.</summary>
    private static async Task ExpectAgreementAsync(IConsensusHarness h, IReadOnlyList<Submission> validated)
    {
        var up = Enumerable.Range(0, h.Count).Where(h.IsUp).ToList();
        uint newest = up.Max(i => Head(h, i));
        Assert.True(await h.WaitUntilAsync(() => up.All(i => Head(h, i) >= newest), Bound),
            $"[{h.Backend}] nodes did not all reach ledger {newest}: {string.Join(", ", up.Select(i => $"n{i}={Head(h, i)}"))}");
        Assert.Empty(h.ReportConflicts);
        var reference = new Dictionary<uint, (int Node, Hash256 Hash)>();
        var chains = new Dictionary<int, Dictionary<uint, LedgerView>>();
        foreach (int i in up)
        {
            var stored = (await h.StoredLedgersAsync(i)).ToDictionary(l => l.Sequence);
            chains[i] = stored;
            foreach (var (sequence, hash) in h.Reported(i))
                Assert.True(stored.TryGetValue(sequence, out var s) && s.Hash == hash, $"[{h.Backend}] node {i} reported ledger {sequence} validated but does not store it");
        }
        for (int i = 0; i < h.Count; i++)
            foreach (var (sequence, hash) in h.Reported(i).Concat(chains.GetValueOrDefault(i, []).Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Hash))))
            {
                if (!reference.TryGetValue(sequence, out var first)) reference[sequence] = (i, hash);
                else Assert.True(first.Hash == hash, $"[{h.Backend}] agreement broken at ledger {sequence}: node {first.Node} has {first.Hash.ToShortString()}, node {i} has {hash.ToShortString()}");
            }
        foreach (var s in validated)
            foreach (int i in up)
                Assert.True(chains[i].TryGetValue(s.Ledger, out var ledger) && ledger.TransactionIds.Contains(s.Tx.Id),
                    $"[{h.Backend}] node {i} lacks validated transaction {s} in ledger {s.Ledger}");
    }
}

/// <summary>The conformance suite over the deterministic simulator (virtual time).</summary>
public sealed class SimulatedConformanceTests : ConsensusConformance
{
    protected override IConsensusHarness CreateHarness(ClusterShape shape) => new SimulatedHarness(shape);
}

/// <summary>The conformance suite over real TCP on 127.0.0.1 (node runtimes in this process). Real time: it runs in a
/// collection of its own, after the parallel tests, so that other test classes do not starve its nodes of CPU.</summary>
[Collection(LoopbackCollection.Name)]
public sealed class LoopbackConformanceTests : ConsensusConformance
{
    protected override IConsensusHarness CreateHarness(ClusterShape shape) => new LoopbackHarness(shape);
}

/// <summary>Tests that run real nodes in real time, alone (xunit runs a non-parallel collection after the others).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoopbackCollection
{
    public const string Name = "loopback, alone";
}
