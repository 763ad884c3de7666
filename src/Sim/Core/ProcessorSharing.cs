namespace HealthLedger.Sim.Core;

/// <summary>
/// Processor sharing in virtual time: the jobs running on a machine of <c>cores</c> cores each progress at
/// min(1, cores ÷ running jobs) µs of work per µs, so a job's completion moves later whenever another starts before
/// it is done. This is how the kernel time-slices processes that share cores (a long ledger build and a short
/// proposal both make progress, rather than the proposal waiting for the build's core). A slot runs at most one job at
/// a time (a node's loop, the client's thread); callers queue the rest.
/// <para>Slots may weigh differently, as threads of different priority do under Linux's fair scheduler (a thread at
/// nice 10 weighs 110 against 1024 at nice 0): running jobs then share the cores in proportion to their slots'
/// weights, none faster than one core, and what a job capped at one core cannot use goes to the others (water
/// filling). With equal weights this is min(1, cores ÷ running jobs) for every job.</para>
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
    private readonly double[] _weights;
    private readonly double[] _rates; // µs of work per µs of each running job, recomputed whenever the running set changes
    private readonly bool[] _capped; // scratch for the water filling
    private int _count;
    private long _lastUs;

    /// <summary>A machine of <paramref name="cores"/> cores serving <paramref name="slots"/> slots of equal weight.</summary>
    public ProcessorSharing(int cores, int slots) : this(cores, Enumerable.Repeat(1.0, slots).ToArray())
    {
    }

    /// <summary>A machine of <paramref name="cores"/> cores serving one slot per weight (each &gt; 0).</summary>
    public ProcessorSharing(int cores, IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        foreach (double w in weights)
            if (!(w > 0) || double.IsInfinity(w)) throw new ArgumentOutOfRangeException(nameof(weights), w, "every weight must be > 0 and finite");
        _cores = cores;
        _weights = [.. weights];
        _remainingUs = new double[_weights.Length];
        _running = new bool[_weights.Length];
        _rates = new double[_weights.Length];
        _capped = new bool[_weights.Length];
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
        ComputeRates();
    }

    /// <summary>Drops slot <paramref name="slot"/>'s job, if any (a crashed process); the work it got stays spent.</summary>
    public void Abort(int slot, long nowUs)
    {
        if (!_running[slot]) return;
        Advance(nowUs);
        _running[slot] = false;
        _count--;
        ComputeRates();
    }

    /// <summary>When the next running job completes if nothing else starts (long.MaxValue when none runs).</summary>
    public long NextCompletionUs
    {
        get
        {
            if (_count == 0) return long.MaxValue;
            double least = double.MaxValue;
            for (int s = 0; s < _running.Length; s++)
                if (_running[s]) least = Math.Min(least, Math.Max(0, _remainingUs[s]) / _rates[s]);
            return _lastUs + (long)Math.Ceiling(least);
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
        if (done.Count > 0) ComputeRates();
    }

    /// <summary>Shares the cores among the running jobs by weight, none above one core: a job whose share would exceed
    /// a core gets one, and the rest is shared again among the others. With weights of 1 every job gets exactly
    /// min(1, cores ÷ running jobs) (the sums and the capacity stay whole numbers).</summary>
    private void ComputeRates()
    {
        if (_count == 0) return;
        double capacity = _cores, weight = 0;
        for (int s = 0; s < _running.Length; s++)
        {
            _capped[s] = false;
            if (_running[s]) weight += _weights[s];
        }
        bool cappedAny = true;
        while (cappedAny && weight > 0)
        {
            cappedAny = false;
            for (int s = 0; s < _running.Length; s++)
            {
                if (!_running[s] || _capped[s] || capacity * _weights[s] < weight) continue;
                _capped[s] = true;
                _rates[s] = 1;
                capacity -= 1;
                weight -= _weights[s];
                cappedAny = true;
            }
        }
        for (int s = 0; s < _running.Length; s++)
            if (_running[s] && !_capped[s]) _rates[s] = capacity * _weights[s] / weight;
    }

    private void Advance(long nowUs)
    {
        if (nowUs < _lastUs) throw new InvalidOperationException($"time went back from {_lastUs} to {nowUs} µs");
        if (_count > 0 && nowUs > _lastUs)
        {
            long elapsed = nowUs - _lastUs;
            for (int s = 0; s < _running.Length; s++)
                if (_running[s]) _remainingUs[s] -= elapsed * _rates[s];
        }
        _lastUs = nowUs;
    }
}
