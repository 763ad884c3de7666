namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// For every (b1, b2), the fewest compromised monitors b3 at which a failure becomes possible. Failures are monotone
/// (one more compromised validator never helps the honest side), so the failing b3 form a range [b3*, n3], found by
/// binary search, and a probability over b3 becomes one tail look-up instead of n3 verdicts.
/// </summary>
public sealed class FailureThresholds
{
    private readonly int[,] _firstFailingMonitors;

    /// <summary>Tabulates the thresholds of <paramref name="kind"/> for <paramref name="model"/>.</summary>
    public FailureThresholds(RiskModel model, FailureKind kind)
    {
        Kind = kind;
        var sizes = model.GroupSizes;
        _firstFailingMonitors = new int[sizes.Generators + 1, sizes.Receivers + 1];
        for (int b1 = 0; b1 <= sizes.Generators; b1++)
        {
            for (int b2 = 0; b2 <= sizes.Receivers; b2++)
            {
                int low = 0, high = sizes.Monitors + 1; // the answer lies in [low, high]; high means "never"
                while (low < high)
                {
                    int middle = (low + high) / 2;
                    if (model.CanBreak(kind, new GroupCounts(b1, b2, middle))) high = middle; else low = middle + 1;
                }
                _firstFailingMonitors[b1, b2] = low;
            }
        }
    }

    /// <summary>The failure these thresholds are for.</summary>
    public FailureKind Kind { get; }

    /// <summary>The fewest compromised monitors for which (b1, b2, b3) can fail; n3 + 1 when none can.</summary>
    public int FirstFailingMonitors(int compromisedGenerators, int compromisedReceivers) =>
        _firstFailingMonitors[compromisedGenerators, compromisedReceivers];
}
