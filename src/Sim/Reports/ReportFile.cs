using System.Text;

namespace HealthLedger.Sim.Reports;

/// <summary>Writes report files as UTF-8 without a byte-order mark, so equal text gives equal bytes on every OS.</summary>
public static class ReportFile
{
    /// <summary>UTF-8 without a byte-order mark.</summary>
    public static Encoding Utf8NoBom { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> (replacing it), creating its folder if needed.</summary>
    public static void WriteText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteBytes(path, Utf8NoBom.GetBytes(text));
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> (replacing it), creating its folder if needed.</summary>
    public static void WriteBytes(string path, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(bytes);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, bytes);
    }
}
