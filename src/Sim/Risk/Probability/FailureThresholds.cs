namespace HealthLedger.Sim.Risk.Probability;

/// <summary>
/// For every (b1, b2), where along b3 the failure starts or stops. Failures are monotone in each count (see
/// <see cref="RiskModel.FailureGrowsWithCompromise"/>): either the failing b3 form an upper range [first, n3]
/// (liveness, Byzantine safety) or a lower range [0, first - 1] (crash safety). Either way one binary search per
/// (b1, b2) finds the boundary, and a probability over b3 becomes one tail look-up instead of n3 verdicts.
/// </summary>
public sealed class FailureThresholds
{
    private readonly int[,] _boundary;

    /// <summary>Tabulates the boundaries of <paramref name="kind"/> for <paramref name="model"/>.</summary>
    public FailureThresholds(RiskModel model, FailureKind kind)
    {
        Kind = kind;
        FailureGrows = model.FailureGrowsWithCompromise(kind);
        var sizes = model.GroupSizes;
        _boundary = new int[sizes.Generators + 1, sizes.Receivers + 1];
        for (int b1 = 0; b1 <= sizes.Generators; b1++)
        {
            for (int b2 = 0; b2 <= sizes.Receivers; b2++)
            {
                // Find the first b3 whose verdict differs from the verdict at b3 = 0's side: the first failing b3
                // when failure grows, the first surviving b3 when it shrinks. The answer lies in [low, high].
                int low = 0, high = sizes.Monitors + 1;
                while (low < high)
                {
                    int middle = (low + high) / 2;
                    bool fails = model.CanBreak(kind, new GroupCounts(b1, b2, middle));
                    if (fails == FailureGrows) high = middle; else low = middle + 1;
                }
                _boundary[b1, b2] = low;
            }
        }
    }

    /// <summary>The failure these thresholds are for.</summary>
    public FailureKind Kind { get; }

    /// <summary>True when failing b3 form an upper range, false when they form a lower range.</summary>
    public bool FailureGrows { get; }

    /// <summary>
    /// When failure grows: the fewest compromised monitors for which (b1, b2, b3) fails (n3 + 1 when none does).
    /// When it shrinks: the fewest for which it survives (n3 + 1 when none does).
    /// </summary>
    public int Boundary(int compromisedGenerators, int compromisedReceivers) => _boundary[compromisedGenerators, compromisedReceivers];

    /// <summary>True when (b1, b2, b3) fails, read from the table.</summary>
    public bool Fails(int b1, int b2, int b3) => FailureGrows ? b3 >= _boundary[b1, b2] : b3 < _boundary[b1, b2];
}
