namespace HealthLedger.Sim.Simulation;

// Node timers. A node asks for a tick after every input (in the establish phase its deadline moves with every message),
// so scheduling one queue entry per request filled the queue with superseded timers, most of them popped later only to
// be ignored. Here each node has one wanted timer (its time and a queue sequence number reserved when it was asked
// for) and at most one tracked queue entry; a later wanted timer stays out of the queue while an earlier entry of the
// node is there to bring it in when it pops. Every live timer fires at the same (time, sequence) as if each request had
// its own entry, so runs are unchanged; superseded timers that never reached the queue are still counted as events
// (and in the simulated time reached), as they were when each was queued and discarded on its turn.
public sealed partial class Simulation
{
    private sealed record Tick(int Node, long TimeUs, long Sequence) : Event;

    private long[] _wantedTimerUs = [];
    private long[] _wantedTimerSeq = []; // -1: no timer wanted
    private long[] _queuedTimerUs = [];
    private long[] _queuedTimerSeq = []; // -1: no tracked entry in the queue
    private long _supersededTimers;
    private long _supersededTimerMaxUs;

    private void InitTimers(int n)
    {
        _wantedTimerUs = new long[n];
        _wantedTimerSeq = new long[n];
        _queuedTimerUs = new long[n];
        _queuedTimerSeq = new long[n];
        Array.Fill(_wantedTimerSeq, -1);
        Array.Fill(_queuedTimerSeq, -1);
    }

    /// <summary>Events processed, counting superseded timers that never entered the queue.</summary>
    private long EventCount => _queue.Processed + _supersededTimers;

    /// <summary>Simulated time reached, counting superseded timers that never entered the queue.</summary>
    private long SimulatedUs => Math.Max(_queue.NowUs, _supersededTimerMaxUs);

    /// <summary>Node <paramref name="i"/> wants a tick at <paramref name="timeUs"/>, replacing any earlier request.</summary>
    private void ArmTimer(int i, long timeUs)
    {
        CancelTimer(i);
        long t = Math.Max(timeUs, _queue.NowUs);
        long seq = _queue.ReserveSequence();
        _wantedTimerUs[i] = t;
        _wantedTimerSeq[i] = seq;
        // An entry of this node due earlier will bring the timer into the queue when it pops.
        if (_queuedTimerSeq[i] >= 0 && (_queuedTimerUs[i] < t || (_queuedTimerUs[i] == t && _queuedTimerSeq[i] < seq))) return;
        Enqueue(i);
    }

    /// <summary>Node <paramref name="i"/> no longer wants its timer (a new request, a crash, or no deadline).</summary>
    private void CancelTimer(int i)
    {
        if (_wantedTimerSeq[i] < 0) return;
        // Not in the queue: it would have been popped and ignored on its turn, if that came before the end.
        if (_wantedTimerSeq[i] != _queuedTimerSeq[i] && _wantedTimerUs[i] <= _endUs)
        {
            _supersededTimers++;
            _supersededTimerMaxUs = Math.Max(_supersededTimerMaxUs, _wantedTimerUs[i]);
        }
        _wantedTimerSeq[i] = -1;
    }

    private void Enqueue(int i)
    {
        _queuedTimerUs[i] = _wantedTimerUs[i];
        _queuedTimerSeq[i] = _wantedTimerSeq[i];
        _queue.Schedule(_wantedTimerUs[i], _wantedTimerSeq[i], new Tick(i, _wantedTimerUs[i], _wantedTimerSeq[i]));
    }

    /// <summary>A timer entry popped: true when it is the node's wanted timer, which then fires; otherwise it was
    /// superseded, and if it was the node's tracked entry the wanted timer (due later) now enters the queue.</summary>
    private bool TimerFires(Tick t)
    {
        int i = t.Node;
        bool tracked = t.Sequence == _queuedTimerSeq[i];
        if (tracked) _queuedTimerSeq[i] = -1;
        if (t.Sequence == _wantedTimerSeq[i])
        {
            _wantedTimerSeq[i] = -1;
            return true;
        }
        if (tracked && _wantedTimerSeq[i] >= 0) Enqueue(i);
        return false;
    }
}
