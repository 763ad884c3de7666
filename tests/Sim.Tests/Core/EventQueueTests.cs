using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Core;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Core;

/// <summary>One queue entry standing for many deliveries (reserved sequence numbers, re-scheduled at each delivery)
/// must give exactly the order of one entry per delivery.</summary>
public class EventQueueTests
{
    [Fact]
    public void Reserved_sequences_keep_their_place_among_events_scheduled_later()
    {
        var queue = new EventQueue<string>();
        long reserved = queue.ReserveSequence();
        queue.Schedule(10, "later-scheduled");
        queue.Schedule(10, reserved, "reserved-first");
        Assert.True(queue.TryDequeue(100, out var first, out _));
        Assert.Equal("reserved-first", first);
        Assert.True(queue.TryDequeue(100, out var second, out _));
        Assert.Equal("later-scheduled", second);
    }

    [Fact]
    public void Take_and_reschedule_moves_the_head_and_counts_one_event()
    {
        var queue = new EventQueue<string>();
        queue.Schedule(5, "a");
        long next = queue.ReserveSequence();
        queue.Schedule(7, "b");
        Assert.True(queue.TryPeek(100, out var head, out long t));
        Assert.Equal(("a", 5L), (head, t));
        queue.TakeAndReschedule(7, next);
        Assert.Equal(1, queue.Processed);
        Assert.Equal(5, queue.NowUs);
        Assert.True(queue.TryPeek(100, out head, out t));
        Assert.Equal(("a", 7L), (head, t)); // its reserved sequence comes before b's
        queue.Take();
        Assert.True(queue.TryDequeue(100, out head, out _));
        Assert.Equal("b", head);
        Assert.False(queue.TryPeek(100, out _, out _));
    }

    [Fact]
    public void Nothing_is_taken_after_the_horizon()
    {
        var queue = new EventQueue<int>();
        queue.Schedule(50, 1);
        Assert.False(queue.TryPeek(49, out _, out _));
        Assert.True(queue.TryPeek(50, out _, out _));
    }

    /// <summary>Broadcasts as batches (one entry per broadcast, deliveries sorted by time then reserved sequence)
    /// come out in the same order as every delivery queued on its own.</summary>
    [Fact]
    public void Batched_broadcasts_come_out_in_the_order_of_individual_deliveries()
    {
        var gen = from seed in Gen.Choose(1, int.MaxValue)
                  from broadcasts in Gen.Choose(1, 30)
                  from recipients in Gen.Choose(1, 20)
                  select (seed, broadcasts, recipients);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var individual = Order(c.seed, c.broadcasts, c.recipients, batched: false);
            var batched = Order(c.seed, c.broadcasts, c.recipients, batched: true);
            Assert.Equal(individual, batched);
            return true;
        }).Check(PropertyConfig.Default(0xE0E0_0001UL, 200));
    }

    private sealed class Batch(List<(long TimeUs, long Sequence, string Name)> deliveries)
    {
        public List<(long TimeUs, long Sequence, string Name)> Deliveries { get; } = deliveries;
        public int Next;
    }

    private static List<string> Order(int seed, int broadcasts, int recipients, bool batched)
    {
        var random = new Random(seed);
        var queue = new EventQueue<object>();
        var order = new List<string>();
        // Broadcasts are sent at random times as earlier events are handled; deliveries take 0..9 µs, so ties abound.
        var sends = Enumerable.Range(0, broadcasts).Select(b => (AtUs: (long)random.Next(0, 20), Broadcast: b)).OrderBy(s => s.AtUs).ThenBy(s => s.Broadcast).ToList();
        foreach (var (atUs, b) in sends) queue.Schedule(atUs, $"send{b}");
        while (queue.TryPeek(long.MaxValue, out var item, out long now))
        {
            if (item is Batch batch && batch.Next + 1 < batch.Deliveries.Count)
                queue.TakeAndReschedule(batch.Deliveries[batch.Next + 1].TimeUs, batch.Deliveries[batch.Next + 1].Sequence);
            else
                queue.Take();
            switch (item)
            {
                case Batch bt:
                    order.Add(bt.Deliveries[bt.Next++].Name);
                    break;
                case string s when s.StartsWith("send", StringComparison.Ordinal):
                    var planned = Enumerable.Range(0, recipients).Select(r => (TimeUs: now + random.Next(0, 10), Name: $"{s[4..]}->{r}")).ToList();
                    if (!batched)
                    {
                        foreach (var (t, name) in planned) queue.Schedule(t, name);
                        break;
                    }
                    var deliveries = planned.Select(p => (p.TimeUs, queue.ReserveSequence(), p.Name)).OrderBy(d => d.TimeUs).ThenBy(d => d.Item2).ToList();
                    queue.Schedule(deliveries[0].TimeUs, deliveries[0].Item2, new Batch(deliveries));
                    break;
                case string s:
                    order.Add(s);
                    break;
            }
        }
        return order;
    }
}
