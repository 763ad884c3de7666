using System.Diagnostics;

namespace HealthLedger.Sim.Core;

/// <summary>
/// The simulator's event queue: events ordered by (virtual time, insertion sequence). The sequence number breaks
/// ties, so two events at the same microsecond always run in the order they were scheduled — the order never depends
/// on the heap's internals. Time is in microseconds of virtual time.
/// </summary>
/// <typeparam name="T">The event payload.</typeparam>
public sealed class EventQueue<T>
{
    private readonly PriorityQueue<T, (long TimeUs, long Sequence)> _heap = new();
    private long _sequence;

    /// <summary>The time of the last event taken; events may not be scheduled before it.</summary>
    public long NowUs { get; private set; }

    /// <summary>Events waiting.</summary>
    public int Count => _heap.Count;

    /// <summary>Events taken so far.</summary>
    public long Processed { get; private set; }

    /// <summary>Schedules <paramref name="item"/> at <paramref name="timeUs"/> (not before now).</summary>
    public void Schedule(long timeUs, T item)
    {
        Debug.Assert(timeUs >= NowUs, $"An event may not be scheduled in the past ({timeUs} < {NowUs}).");
        _heap.Enqueue(item, (Math.Max(timeUs, NowUs), _sequence++));
    }

    /// <summary>Takes the next insertion sequence number without scheduling anything, for an event that will be
    /// scheduled later with <see cref="Schedule(long, long, T)"/> yet must keep its place among events scheduled now.</summary>
    public long ReserveSequence() => _sequence++;

    /// <summary>Schedules <paramref name="item"/> at <paramref name="timeUs"/> with a sequence number taken earlier
    /// from <see cref="ReserveSequence"/>. One entry can stand for many deliveries sorted by (time, sequence): each time
    /// it is taken, its owner re-schedules it with the next delivery's time and reserved sequence, and events come out
    /// in exactly the order they would have if every delivery had been scheduled on its own, with a far smaller heap.</summary>
    public void Schedule(long timeUs, long sequence, T item)
    {
        Debug.Assert(timeUs >= NowUs, $"An event may not be scheduled in the past ({timeUs} < {NowUs}).");
        Debug.Assert(sequence < _sequence, "A sequence number is reserved before it is used.");
        _heap.Enqueue(item, (Math.Max(timeUs, NowUs), sequence));
    }

    /// <summary>The time of the next event, or null when empty.</summary>
    public long? PeekTimeUs => _heap.TryPeek(out _, out var p) ? p.TimeUs : null;

    /// <summary>The next event, if it is due at or before <paramref name="untilUs"/>, left in the queue: the caller then
    /// takes it with <see cref="Take"/> or <see cref="TakeAndReschedule"/>.</summary>
    public bool TryPeek(long untilUs, out T item, out long timeUs)
    {
        if (_heap.TryPeek(out item!, out var p) && p.TimeUs <= untilUs)
        {
            timeUs = p.TimeUs;
            return true;
        }
        item = default!;
        timeUs = NowUs;
        return false;
    }

    /// <summary>Takes the event <see cref="TryPeek"/> returned; advances time to it.</summary>
    public void Take()
    {
        _heap.TryDequeue(out _, out var p);
        NowUs = p.TimeUs;
        Processed++;
    }

    /// <summary>Takes the event <see cref="TryPeek"/> returned and puts the same item back at a later time with a
    /// reserved sequence number, in one heap operation instead of two (see <see cref="Schedule(long, long, T)"/>).</summary>
    public void TakeAndReschedule(long timeUs, long sequence)
    {
        _heap.TryPeek(out var item, out var p);
        Debug.Assert(item is not null, "TakeAndReschedule follows a successful TryPeek.");
        Debug.Assert(timeUs >= p.TimeUs && sequence < _sequence, "An item goes back no earlier than it was, with a reserved sequence.");
        NowUs = p.TimeUs;
        Processed++;
        _heap.DequeueEnqueue(item!, (timeUs, sequence));
    }

    /// <summary>Takes the next event if it is due at or before <paramref name="untilUs"/>; advances time to it.</summary>
    public bool TryDequeue(long untilUs, out T item, out long timeUs)
    {
        if (_heap.TryPeek(out _, out var p) && p.TimeUs <= untilUs)
        {
            item = _heap.Dequeue();
            timeUs = p.TimeUs;
            NowUs = p.TimeUs;
            Processed++;
            return true;
        }
        item = default!;
        timeUs = NowUs;
        return false;
    }
}
