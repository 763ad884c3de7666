using CsvHelper;
using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Reports;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Reports;

[CsvRecord]
public sealed partial record NodeRow(string Node, string Group, long MessagesSent, double CpuMs, bool Honest);

public class CsvReportTests
{
    [Fact]
    public void Summary_row_is_written_exactly()
    {
        var row = new LatencySummary(3, 1.0 / 3, 1, 2, 3, 3, 3, 4);
        string csv = CsvReport.ToCsv([row]);
        Assert.Equal(
            "Count,LatencyUsMean,LatencyUsMin,LatencyUsP50,LatencyUsP90,LatencyUsP99,LatencyUsP999,LatencyUsMax\n" +
            "3,0.3333333333333333,1,2,3,3,3,4\n",
            csv);
    }

    [Fact]
    public void Columns_follow_declaration_order_and_text_is_quoted_when_needed()
    {
        NodeRow[] rows = [new("v1", "data, generators", 10, 0.1, true), new("v \"2\"", "monitors", 0, 1e21, false)];
        Assert.Equal(
            "Node,Group,MessagesSent,CpuMs,Honest\n" +
            "v1,\"data, generators\",10,0.1,True\n" +
            "\"v \"\"2\"\"\",monitors,0,1E+21,False\n",
            CsvReport.ToCsv(rows));
    }

    [Fact]
    public void No_rows_still_writes_the_header()
    {
        Assert.Equal("LowerUs,UpperUs,Count\n", CsvReport.ToCsv(Array.Empty<HistogramBucket>()));
    }

    [Fact]
    public void Bytes_have_no_byte_order_mark_and_no_carriage_returns()
    {
        byte[] bytes = CsvReport.ToUtf8Bytes([new HistogramBucket(0, 10, 2)]);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
    }

    [Fact]
    public void Rows_round_trip_through_CsvHelper()
    {
        var doubles = Gen.Elements(0.0, -0.0, 0.1, 1.0 / 3, 1e-300, 1e300, double.Epsilon, 123456.789, -5.5);
        var gen = Gen.ListOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Zip(Gen.Choose(-1000, 1000), doubles)));
        Prop.ForAll(Arb.From(gen), tuples =>
        {
            var rows = tuples.Select(t => new ThroughputBucket(t.Item1, t.Item1 + 1000L, t.Item2.Item1, t.Item2.Item2)).ToList();
            var back = CsvReport.Parse<ThroughputBucket>(CsvReport.ToCsv(rows));
            return back.SequenceEqual(rows);
        }).Check(PropertyConfig.Default(seed: 5101));
    }

    [Fact]
    public void Text_rows_round_trip_through_CsvHelper()
    {
        var text = Gen.Elements("", "plain", "a,b", "quote \" inside", "line\nbreak", "ünïcödé", " padded ");
        var gen = Gen.ListOf(Gen.Zip(text, Gen.Zip(text, Gen.Choose(0, 100))));
        Prop.ForAll(Arb.From(gen), tuples =>
        {
            var rows = tuples.Select(t => new NodeRow(t.Item1, t.Item2.Item1, t.Item2.Item2, t.Item2.Item2 / 7.0, t.Item2.Item2 % 2 == 0)).ToList();
            var back = CsvReport.Parse<NodeRow>(CsvReport.ToCsv(rows));
            return back.Count == rows.Count && back.Zip(rows).All(p =>
                p.First.MessagesSent == p.Second.MessagesSent && p.First.CpuMs == p.Second.CpuMs && p.First.Honest == p.Second.Honest
                && (p.First.Node ?? "") == p.Second.Node && (p.First.Group ?? "") == p.Second.Group);
        }).Check(PropertyConfig.Default(seed: 5102));
    }

    [Fact]
    public void Equal_rows_give_equal_bytes()
    {
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.Choose(0, 1_000_000))), values =>
        {
            var rows = values.Select(v => new LatencyCdfPoint(v, v / 1e6)).ToList();
            var copy = rows.Select(r => r with { }).ToList();
            return CsvReport.ToUtf8Bytes(rows).AsSpan().SequenceEqual(CsvReport.ToUtf8Bytes(copy));
        }).Check(PropertyConfig.Default(seed: 5103));
    }

    [Fact]
    public void File_is_written_with_the_same_bytes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hl-csv-{Environment.ProcessId}", "nested", "rows.csv");
        try
        {
            HistogramBucket[] rows = [new(0, 5, 1), new(5, 10, 0)];
            CsvReport.WriteFile(path, rows);
            Assert.Equal(CsvReport.ToUtf8Bytes(rows), File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
        }
    }
}
