using CsvHelper;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// Writes and reads report CSV files through CsvHelper, identical to the byte for equal rows: RFC 4180 quoting,
/// invariant culture, "\n" line endings, UTF-8 without a byte-order mark, a header row even when there are no rows,
/// doubles in shortest round-trip form.
/// </summary>
/// <remarks>
/// A row type is a <c>[CsvRecord] partial record</c>: CsvHelper's source generator writes its columns at compile
/// time in declaration order, so the column order is fixed by the type and not by reflection.
/// </remarks>
public static class CsvReport
{
    /// <summary>The writer options every report uses.</summary>
    public static CsvWriterOptions WriterOptions { get; } = CsvWriterOptions.Default with
    {
        NewLine = "\n",
        FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
        WriteByteOrderMark = false,
        HasHeader = true,
    };

    /// <summary>The reader options matching <see cref="WriterOptions"/>.</summary>
    public static CsvReaderOptions ReaderOptions { get; } = CsvReaderOptions.Default with
    {
        FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
        HasHeader = true,
    };

    /// <summary>Writes a header and one line per row, as UTF-8, to <paramref name="destination"/>.</summary>
    public static void Write<T>(Stream destination, IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(rows);
        using var csv = CsvWriter.Create(destination, WriterOptions, leaveOpen: true);
        csv.WriteHeader<T>();
        foreach (T row in rows) csv.WriteRecord(row);
    }

    /// <summary>The CSV of <paramref name="rows"/> as UTF-8 bytes.</summary>
    public static byte[] ToUtf8Bytes<T>(IEnumerable<T> rows)
    {
        using var buffer = new MemoryStream();
        Write(buffer, rows);
        return buffer.ToArray();
    }

    /// <summary>The CSV text of <paramref name="rows"/>.</summary>
    public static string ToCsv<T>(IEnumerable<T> rows) => ReportFile.Utf8NoBom.GetString(ToUtf8Bytes(rows));

    /// <summary>Writes the CSV of <paramref name="rows"/> to <paramref name="path"/>, replacing it.</summary>
    public static void WriteFile<T>(string path, IEnumerable<T> rows) => ReportFile.WriteBytes(path, ToUtf8Bytes(rows));

    /// <summary>Reads rows written by <see cref="Write{T}"/> back.</summary>
    public static List<T> Parse<T>(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var csv = CsvReader.Create(new StringReader(text), ReaderOptions, leaveOpen: false);
        return csv.GetRecords<T>().ToList();
    }
}
