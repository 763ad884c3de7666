using HealthLedger.Engine.Client;
using HealthLedger.Engine.Ledger;
using HealthLedger.Engine.Net;

namespace HealthLedger.Engine.Tests.Net;

/// <summary>The runtime's two queues: consensus inputs go ahead of transactions already waiting for the loop, and
/// transactions reach the core checked, in the order each connection received them.</summary>
public class InputPriorityTests
{
    private const int Queued = 24;

    [Fact]
    public async Task A_consensus_input_is_taken_ahead_of_transactions_already_queued()
    {
        var (pendingSeen, outcomes) = await ProbeBehindQueuedSubmissionsAsync(checkThreads: 2);
        Assert.Equal(0, pendingSeen); // the probe ran before any of the queued submissions reached the core
        Assert.All(outcomes, o => Assert.True(o.IsApplied, $"a queued submission was answered {o.Result}"));
    }

    [Fact]
    public async Task Without_signature_check_threads_inputs_keep_one_queue_in_arrival_order()
    {
        var (pendingSeen, outcomes) = await ProbeBehindQueuedSubmissionsAsync(checkThreads: 0);
        Assert.Equal(Queued, pendingSeen); // the probe waited behind every submission queued before it
        Assert.All(outcomes, o => Assert.True(o.IsApplied, $"a queued submission was answered {o.Result}"));
    }

    [Fact]
    public async Task A_forged_submission_among_valid_ones_is_refused_and_the_valid_ones_apply()
    {
        await using var cluster = new LoopbackCluster(4, tune: o => o with { SignatureCheckThreads = 2 });
        await cluster.StartAsync(TimeSpan.FromSeconds(10));
        await using var client = await cluster.ClientAsync(0);
        var owner = cluster.Clients[0];
        var forged = Consensus.RelayBatchTests.Forge(cluster.Clients[1].Notarize(999)); // a flipped signature bit
        // One connection: its submissions go through one checker and reach the core in the order sent.
        var chain = Enumerable.Range(0, 10).Select(owner.Notarize).ToList();
        var forgedOutcome = client.SubmitAsync(forged);
        var outcomes = await Task.WhenAll(chain.Select(tx => client.SubmitAsync(tx).AsTask())).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TxResult.BadSignature, (await forgedOutcome).Result);
        Assert.All(outcomes, o => Assert.True(o.IsApplied, $"a valid submission was answered {o.Result}"));
        Assert.True(cluster.Nodes[0].Completion is { IsCompleted: false }, "the node loop ended");
    }

    [Fact]
    public async Task A_checker_waits_while_the_transaction_queue_is_full_and_loses_nothing()
    {
        const int capacity = 4;
        await using var cluster = new LoopbackCluster(4, tune: o => o with { SignatureCheckThreads = 1, InputQueueCapacity = capacity });
        await cluster.StartAsync(TimeSpan.FromSeconds(10));
        var node = cluster.Nodes[0];
        await using var client = await cluster.ClientAsync(0);
        var hold = await HeldLoop.HoldAsync(node, TimeSpan.FromSeconds(10));
        var submissions = Enumerable.Range(0, Queued).Select(i => client.SubmitAsync(cluster.Clients[i % 2].Notarize(i)).AsTask()).ToList();
        await WaitForQueuedAsync(node, capacity);
        await Task.Delay(200);
        // The checker has checked more than fit and is blocked on the full queue: nothing beyond its bound got in.
        Assert.Equal(capacity, node.QueuedSubmissions);
        hold.Release();
        var outcomes = await Task.WhenAll(submissions).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(outcomes, o => Assert.True(o.IsApplied, $"a submission queued behind the full queue was answered {o.Result}"));
        Assert.True(node.Completion is { IsCompleted: false }, "the node loop ended");
    }

    private static async Task WaitForQueuedAsync(NodeRuntime node, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (node.QueuedSubmissions < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {node.QueuedSubmissions} of {count} submissions reached the loop's queues");
            await Task.Delay(10);
        }
    }

    /// <summary>Holds one node's loop, queues <see cref="Queued"/> checked submissions behind it, then asks the core for
    /// its pool size through the consensus queue and releases the loop: returns what the probe saw and the
    /// submissions' outcomes.</summary>
    private static async Task<(int PendingSeen, SubmitOutcome[] Outcomes)> ProbeBehindQueuedSubmissionsAsync(int checkThreads)
    {
        await using var cluster = new LoopbackCluster(4, tune: o => o with { SignatureCheckThreads = checkThreads });
        await cluster.StartAsync(TimeSpan.FromSeconds(10));
        var node = cluster.Nodes[0]; // its peers run on; only node 0's loop is held, and only node 0 gets the submissions
        await using var client = await cluster.ClientAsync(0);
        var hold = await HeldLoop.HoldAsync(node, TimeSpan.FromSeconds(10));
        var submissions = Enumerable.Range(0, Queued).Select(i => client.SubmitAsync(cluster.Clients[i % 2].Notarize(i)).AsTask()).ToList();
        await WaitForQueuedAsync(node, Queued);
        var probe = node.InvokeAsync(core => core.PendingCount);
        hold.Release();
        int seen = await probe.WaitAsync(TimeSpan.FromSeconds(10));
        var outcomes = await Task.WhenAll(submissions).WaitAsync(TimeSpan.FromSeconds(30));
        return (seen, outcomes);
    }
}
