using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Core;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Core;

public class ProcessorSharingTests
{
    /// <summary>Runs the machine as the simulator does: jobs start at their times, or when their slot's previous job
    /// completes if it is still running then (a node takes one input at a time), and completions are taken at the
    /// announced instants. Returns each job's start and completion times, by job.</summary>
    private static (long[] Start, long[] Done) Run(int cores, IReadOnlyList<(int Slot, long StartUs, double WorkUs)> jobs, IReadOnlyList<double>? weights = null)
    {
        var machine = weights is null ? new ProcessorSharing(cores, jobs.Count == 0 ? 1 : jobs.Max(j => j.Slot) + 1) : new ProcessorSharing(cores, weights);
        var started = new long[jobs.Count];
        var done = new long[jobs.Count];
        var running = new Dictionary<int, int>(); // slot -> job
        var waiting = new Dictionary<int, Queue<int>>(); // slot -> jobs behind its running one
        var completed = new List<int>();
        var order = Enumerable.Range(0, jobs.Count).OrderBy(k => jobs[k].StartUs).ThenBy(k => k).ToList();
        int next = 0;
        void Begin(int k, long now)
        {
            machine.Start(jobs[k].Slot, jobs[k].WorkUs, now);
            running[jobs[k].Slot] = k;
            started[k] = now;
        }
        while (next < order.Count || machine.Running > 0)
        {
            long completion = machine.NextCompletionUs;
            if (next < order.Count && jobs[order[next]].StartUs <= completion)
            {
                int k = order[next++];
                if (running.ContainsKey(jobs[k].Slot))
                {
                    if (!waiting.TryGetValue(jobs[k].Slot, out var q)) waiting[jobs[k].Slot] = q = new Queue<int>();
                    q.Enqueue(k);
                }
                else
                {
                    Begin(k, jobs[k].StartUs);
                }
                continue;
            }
            completed.Clear();
            machine.TakeCompleted(completion, completed);
            Assert.NotEmpty(completed); // an announced completion is never empty
            foreach (int slot in completed)
            {
                done[running[slot]] = completion;
                running.Remove(slot);
                if (waiting.TryGetValue(slot, out var q) && q.Count > 0) Begin(q.Dequeue(), completion);
            }
        }
        return (started, done);
    }

    private static long[] Complete(int cores, IReadOnlyList<(int Slot, long StartUs, double WorkUs)> jobs, IReadOnlyList<double>? weights = null) =>
        Run(cores, jobs, weights).Done;

    [Fact]
    public void A_short_job_shares_the_core_with_a_long_one_instead_of_waiting_for_it()
    {
        // One core: 100 µs from 0, then 10 µs from 50. Each gets half the core from 50: the short job is done at 70
        // (first come, first served would finish it at 110), the long one at 110.
        Assert.Equal([110, 70], Complete(1, [(0, 0, 100), (1, 50, 10)]));
        // Three 30-µs jobs at once on two cores progress at 2/3 each and finish together at 45.
        Assert.Equal([45, 45, 45], Complete(2, [(0, 0, 30), (1, 0, 30), (2, 0, 30)]));
        // Fewer jobs than cores: each runs at full speed.
        Assert.Equal([30, 50], Complete(4, [(0, 0, 30), (1, 0, 50)]));
    }

    [Fact]
    public void An_aborted_job_frees_its_share_at_once()
    {
        var machine = new ProcessorSharing(1, 2);
        machine.Start(0, 100, 0);
        machine.Start(1, 100, 0);
        Assert.Equal(200, machine.NextCompletionUs);
        machine.Abort(1, 50); // 75 µs of work left on slot 0, now alone
        Assert.Equal(125, machine.NextCompletionUs);
        Assert.Throws<InvalidOperationException>(() => machine.Start(0, 1, 60)); // one job a slot
    }

    [Fact]
    public void Jobs_started_together_on_one_core_complete_as_the_processor_sharing_formula_says()
    {
        // All n jobs start at 0 on one core: job i completes at Σ_j min(w_j, w_i) (each shorter job took its whole
        // work from it, each longer one as much as it had). The announced completions are rounded up to whole µs, so
        // allow one µs a job.
        var gen = Gen.ListOf(Gen.Choose(1, 5_000)).Where(l => l.Count is > 0 and <= 12);
        Prop.ForAll(gen.ToArbitrary(), works =>
        {
            var done = Complete(1, works.Select((w, k) => (k, 0L, (double)w)).ToList());
            for (int i = 0; i < works.Count; i++)
            {
                long expected = works.Sum(w => (long)Math.Min(w, works[i]));
                Assert.InRange(done[i], expected, expected + works.Count);
            }
        }).Check(PropertyConfig.Default(seed: 7302, maxTest: 300));
    }

    [Fact]
    public void Weighted_slots_share_the_cores_in_proportion_to_their_weights_and_none_runs_faster_than_one_core()
    {
        // One core, weights 1 and 0.25, 100 µs each from 0: rates 0.8 and 0.2 until the first is done at 125; the
        // second has 75 µs left and finishes alone at 200.
        Assert.Equal([125, 200], Complete(1, [(0, 0, 100), (1, 0, 100)], [1, 0.25]));
        // Two cores, two loops and a checker of weight 0.2: the loops get 2 × 1 ÷ 2.2 of a core each and finish at
        // 110; the checker got 0.2 of what they got (20 µs) and finishes its last 80 alone at 190.
        Assert.Equal([110, 110, 190], Complete(2, [(0, 0, 100), (1, 0, 100), (2, 0, 100)], [1, 1, 0.2]));
        // Two cores, one job of each weight: the heavy one's share would be more than a core, so it gets one and the
        // light one gets the other: both run at full speed.
        Assert.Equal([100, 100], Complete(2, [(0, 0, 100), (1, 0, 100)], [1, 0.1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessorSharing(1, [1, 0]));
    }

    [Fact]
    public void The_machine_is_work_conserving_and_never_faster_than_its_cores()
    {
        // Random jobs (slot, arrival, work), on slots of random weights (equal in a third of the cases); a job that
        // arrives while its slot is busy waits for it, as an input waits for its node.
        var job = Gen.Zip(Gen.Choose(0, 3), Gen.Zip(Gen.Choose(0, 400), Gen.Choose(1, 300)));
        var weights = Gen.OneOf(Gen.Constant<double[]?>(null), Gen.ArrayOf(Gen.Choose(1, 1000).Select(w => w / 100.0), 4).Select(w => (double[]?)w));
        var gen = Gen.Zip(Gen.Zip(Gen.Choose(1, 3), weights), Gen.ListOf(job).Where(l => l.Count <= 20));
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var ((cores, slotWeights), raw) = t;
            var jobs = raw.Select(j => (Slot: j.Item1, StartUs: (long)j.Item2.Item1, WorkUs: (double)j.Item2.Item2)).ToList();
            var (start, done) = Run(cores, jobs, slotWeights);
            for (int k = 0; k < jobs.Count; k++)
            {
                Assert.True(start[k] >= jobs[k].StartUs, $"job {k} started before it arrived");
                Assert.True(done[k] >= start[k] + (long)jobs[k].WorkUs, $"job {k} ran faster than one core");
                // One job a slot at a time.
                Assert.Equal(1, Enumerable.Range(0, jobs.Count).Count(j => jobs[j].Slot == jobs[k].Slot && start[j] < done[k] && start[k] < done[j]));
            }
            if (jobs.Count > 0)
            {
                // Never faster than the cores: all the work takes at least its total over the cores after the first
                // arrival. Work-conserving: the last completion comes no later than the last arrival plus all the
                // work (one µs of rounding a job).
                long total = (long)jobs.Sum(j => j.WorkUs), first = jobs.Min(j => j.StartUs), last = jobs.Max(j => j.StartUs);
                Assert.True(done.Max() >= first + (long)Math.Ceiling(total / (double)cores) - 1, "more work was done than the cores allow");
                Assert.True(done.Max() <= last + total + jobs.Count, "work was left undone while the machine could run it");
            }
        }).Check(PropertyConfig.Default(seed: 7303, maxTest: 300));
    }
}
