namespace HealthLedger.Sim.Reports.Svg;

/// <summary>A tick on an axis: its data value, its label (empty for an unlabelled minor tick), and whether it is major.</summary>
internal readonly record struct AxisTick(double Value, string Label, bool IsMajor);
