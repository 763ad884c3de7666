namespace HealthLedger.Sim.Reports;

/// <summary>How a Markdown table column aligns its cells.</summary>
public enum ColumnAlign
{
    /// <summary>Left-aligned: text.</summary>
    Left,

    /// <summary>Right-aligned: numbers, so that digits line up.</summary>
    Right,

    /// <summary>Centred.</summary>
    Center,
}
