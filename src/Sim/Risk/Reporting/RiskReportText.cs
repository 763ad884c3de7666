using System.Globalization;
using HealthLedger.Sim.Risk.Probability;
using HealthLedger.Sim.Risk.Sampling;
using HealthLedger.Sim.Risk.Tolerance;

namespace HealthLedger.Sim.Risk.Reporting;

/// <summary>The human-readable form of a <see cref="RiskReport"/>.</summary>
public static class RiskReportText
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(RiskReport report, TextWriter output)
    {
        var request = report.Request;
        var configuration = request.Configuration;
        output.WriteLine($"Network:    {configuration.Describe()}");
        output.WriteLine($"Thresholds: {report.Thresholds}");
        output.WriteLine($"Compromise: {request.Distribution.Describe()}");
        output.WriteLine();
        if (report.Verdict is { } verdict)
        {
            output.WriteLine($"Safety can break:   {YesNo(verdict.SafetyCanBreak)}   (two different ledgers fully validated at one sequence)");
            output.WriteLine($"Liveness can break: {YesNo(verdict.LivenessCanBreak)}   (the validators that are not faulty cannot form a quorum)");
        }
        else
        {
            output.WriteLine("Analytic failure probability (exact sum, log space):");
            output.WriteLine($"  safety:   {Format(report.Analytic.Safety)}");
            output.WriteLine($"  liveness: {Format(report.Analytic.Liveness)}");
        }
        output.WriteLine("  (\"can break\" is the worst case over message schedules: an adversary that also controls delivery.)");
        if (report.Sampled is { } sampled)
        {
            output.WriteLine();
            output.WriteLine($"Sampled model ({sampled.Safety.Trials} trials, seed {sampled.Seed}; a check of the analytic sums, not a protocol run):");
            output.WriteLine($"  safety:   {Format(sampled.Safety)}");
            output.WriteLine($"  liveness: {Format(sampled.Liveness)}");
        }
        if (report.Measured is { } measured)
        {
            output.WriteLine();
            output.WriteLine($"Measured protocol ({measured.Safety.Trials} simulated trials, seed {measured.Seed}; the real consensus with the compromised");
            output.WriteLine("validators equivocating against a split honest network for safety, withholding for liveness, or crashed):");
            output.WriteLine($"  safety:   {Format(measured.Safety)}   (analytic {report.Analytic.Safety.Value:G3})");
            output.WriteLine($"  liveness: {Format(measured.Liveness)}   (analytic {report.Analytic.Liveness.Value:G3})");
        }
        output.WriteLine();
        output.WriteLine($"Tolerance boundary ({configuration.Fault.ToString().ToLowerInvariant()} faults):");
        WriteTolerance(output, "safety", report.Tolerance.Safety);
        WriteTolerance(output, "liveness", report.Tolerance.Liveness);
        output.WriteLine();
        output.WriteLine("Seed 3.5 claims for this network (a group \"fails\" when all its validators are compromised):");
        WriteClaims(output, "byzantine", report.ClaimsByzantine);
        WriteClaims(output, "crash", report.ClaimsCrash);
    }

    private static void WriteTolerance(TextWriter output, string name, KindTolerance tolerance)
    {
        if (tolerance.FailsWithoutCompromise)
        {
            output.WriteLine($"  {name}: can break with nothing compromised; the thresholds are too low for this network.");
            return;
        }
        var single = tolerance.MaxSingleGroup;
        output.WriteLine($"  {name}: survives up to {single.Generators} generators, {single.Receivers} receivers or {single.Monitors} monitors taken alone; " +
                         $"up to {tolerance.MaxEveryGroup} in every group at once.");
        if (tolerance.SmallestBreakingTakeover is { } smallest)
            output.WriteLine($"          smallest takeover that breaks it: {smallest.Total} validators ({smallest} per group).");
        else
            output.WriteLine("          no takeover breaks it.");
        if (tolerance.MaximalSurvivingCount is > 0 and <= 12)
            output.WriteLine($"          largest surviving takeovers: {string.Join("; ", tolerance.MaximalSurviving)}.");
        else if (tolerance.MaximalSurvivingCount > 12)
            output.WriteLine($"          {tolerance.MaximalSurvivingCount} largest surviving takeovers (listed in --json).");
    }

    private static void WriteClaims(TextWriter output, string fault, SeedClaims claims)
    {
        output.WriteLine($"  {fault}:");
        output.WriteLine($"    one failed group is survived:            {Holds(claims.OneFailedGroupSurvived)}  {Detail(claims.OneGroupFailed, ["generators", "receivers", "monitors"])}");
        output.WriteLine($"    two failed groups fail the network:      {Holds(claims.TwoFailedGroupsFail)}  {Detail(claims.TwoGroupsFailed, ["generators+receivers", "generators+monitors", "receivers+monitors"])}");
        output.WriteLine($"    an honest majority in every group is safe and live: {Holds(claims.HonestMajoritySuffices)}  {Detail([claims.HonestMajorityEverywhere], ["largest minority in each"])}");
    }

    private static string Detail(IReadOnlyList<RiskVerdict> verdicts, string[] names) =>
        "(" + string.Join(", ", verdicts.Select((v, i) => $"{names[i]}: {Outcome(v)}")) + ")";

    private static string Outcome(RiskVerdict verdict) => (verdict.SafetyCanBreak, verdict.LivenessCanBreak) switch
    {
        (false, false) => "survived",
        (true, false) => "safety breaks",
        (false, true) => "liveness breaks",
        _ => "both break",
    };

    private static string Holds(bool holds) => holds ? "HOLDS" : "DOES NOT HOLD";

    private static string YesNo(bool yes) => yes ? "yes" : "no";

    /// <summary>A probability with its complement when that is the informative side.</summary>
    public static string Format(LogProbability probability)
    {
        if (probability.Value == 0 && double.IsFinite(probability.LogValue))
            return $"10^{probability.Log10Value.ToString("0.##", CultureInfo.InvariantCulture)} (below the range of a double; not zero)";
        string value = FormatNumber(probability.Value);
        return probability.Value > 0.5 ? $"{value} (survival {FormatNumber(probability.Complement)})" : value;
    }

    private static string Format(ProportionEstimate estimate) =>
        $"{FormatNumber(estimate.Estimate)} ({estimate.Successes} of {estimate.Trials}), 95% CI [{FormatNumber(estimate.Lower95)}, {FormatNumber(estimate.Upper95)}]";

    /// <summary>Fixed notation for ordinary values, scientific for tiny ones.</summary>
    public static string FormatNumber(double value) =>
        value == 0 || value == 1 || (value >= 1e-4 && value <= 1)
            ? value.ToString("0.######", CultureInfo.InvariantCulture)
            : value.ToString("0.###e+0", CultureInfo.InvariantCulture);
}
