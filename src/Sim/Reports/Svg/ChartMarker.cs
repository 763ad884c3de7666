namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// A labelled position on a line chart's x axis, drawn as a dashed vertical line across the plot with its label at
/// the top, and a dot at (<see cref="X"/>, <see cref="Y"/>) when a y value is given: a break-even point, an operating
/// point.
/// </summary>
/// <param name="X">Where on the x axis (finite; positive on a log axis).</param>
/// <param name="Y">The value to mark with a dot, or null for the line alone.</param>
/// <param name="Label">The text at the top of the line.</param>
public sealed record ChartMarker(double X, double? Y, string Label);
