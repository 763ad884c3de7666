namespace HealthLedger.Sim.Core;

/// <summary>
/// Processor sharing in virtual time: the jobs running on a machine of <c>cores</c> cores each progress at
/// min(1, cores ÷ running jobs) µs of work per µs, so a job's completion moves later whenever another starts before
/// it is done. This is how the kernel time-slices processes that share cores (a long ledger build and a short
/// proposal both make progress, rather than the proposal waiting for the build's core). A slot runs at most one job at
/// a time (a node's loop, the client's thread); callers queue the rest.
/// </summary>
/// <remarks>Completion times are computed, not stored: after any start, abort or completion the caller asks
/// <see cref="NextCompletionUs"/> again and schedules one event for it (an earlier one is stale).</remarks>
public sealed class ProcessorSharing
{
    /// <summary>Work below this many µs counts as done (rounding of the completion time up to whole µs leaves at most
    /// a little negative work on the job that completes, and other jobs within it complete at the same instant).</summary>
    private const double DoneUs = 1e-3;

    private readonly int _cores;
    private readonly double[] _remainingUs;
    private readonly bool[] _running;
    private int _count;
    private long _lastUs;

    /// <summary>A machine of <paramref name="cores"/> cores serving <paramref name="slots"/> slots.</summary>
    public ProcessorSharing(int cores, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        _cores = cores;
        _remainingUs = new double[slots];
        _running = new bool[slots];
    }

    /// <summary>Jobs running now.</summary>
    public int Running => _count;

    /// <summary>True when slot <paramref name="slot"/> has a job running.</summary>
    public bool IsRunning(int slot) => _running[slot];

    /// <summary>Starts <paramref name="workUs"/> of work in slot <paramref name="slot"/> at <paramref name="nowUs"/>
    /// (the slot must be idle).</summary>
    public void Start(int slot, double workUs, long nowUs)
    {
        if (_running[slot]) throw new InvalidOperationException($"slot {slot} already runs a job");
        Advance(nowUs);
        _remainingUs[slot] = Math.Max(0, workUs);
        _running[slot] = true;
        _count++;
    }

    /// <summary>Drops slot <paramref name="slot"/>'s job, if any (a crashed process); the work it got stays spent.</summary>
    public void Abort(int slot, long nowUs)
    {
        if (!_running[slot]) return;
        Advance(nowUs);
        _running[slot] = false;
        _count--;
    }

    /// <summary>When the next running job completes if nothing else starts (long.MaxValue when none runs).</summary>
    public long NextCompletionUs
    {
        get
        {
            if (_count == 0) return long.MaxValue;
            double least = double.MaxValue;
            for (int s = 0; s < _running.Length; s++)
                if (_running[s] && _remainingUs[s] < least) least = _remainingUs[s];
            return _lastUs + (long)Math.Ceiling(Math.Max(0, least) / Rate);
        }
    }

    /// <summary>Advances to <paramref name="nowUs"/> and ends every job done by then, adding their slots to
    /// <paramref name="done"/> in slot order.</summary>
    public void TakeCompleted(long nowUs, List<int> done)
    {
        Advance(nowUs);
        for (int s = 0; s < _running.Length; s++)
        {
            if (!_running[s] || _remainingUs[s] > DoneUs) continue;
            _running[s] = false;
            _count--;
            done.Add(s);
        }
    }

    private double Rate => Math.Min(1.0, (double)_cores / _count);

    private void Advance(long nowUs)
    {
        if (nowUs < _lastUs) throw new InvalidOperationException($"time went back from {_lastUs} to {nowUs} µs");
        if (_count > 0 && nowUs > _lastUs)
        {
            double served = (nowUs - _lastUs) * Rate;
            for (int s = 0; s < _running.Length; s++)
                if (_running[s]) _remainingUs[s] -= served;
        }
        _lastUs = nowUs;
    }
}
