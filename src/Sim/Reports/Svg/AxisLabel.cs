namespace HealthLedger.Sim.Reports.Svg;

/// <summary>An axis title and its unit, shown as "name (unit)"; the unit is separate so no chart forgets it.</summary>
/// <param name="Name">What the axis measures, e.g. "latency".</param>
/// <param name="Unit">Its unit, e.g. "ms"; empty for a count or a category.</param>
public sealed record AxisLabel(string Name, string Unit)
{
    /// <summary>The text drawn on the chart.</summary>
    public string Text => string.IsNullOrEmpty(Unit) ? Name : $"{Name} ({Unit})";
}
