using FsCheck;
using FsCheck.Fluent;
using HealthLedger.Sim.Metrics;
using HealthLedger.Sim.Reports;
using HealthLedger.Tests;

namespace HealthLedger.Sim.Tests.Reports;

public enum Outcome
{
    Held,
    Broken,
}

public sealed record InvariantResult(string Name, Outcome Outcome, double Share);

public sealed record RunSummary(string Scenario, ulong Seed, LatencySummary Latency, IReadOnlyDictionary<string, long> RejectedByReason,
    IReadOnlyList<InvariantResult> Invariants);

public class JsonReportTests
{
    private static RunSummary Sample(IEnumerable<KeyValuePair<string, long>> reasons) => new(
        "baseline",
        42,
        new LatencySummary(2, 150, 100, 100, 200, 200, 200, 200),
        new Dictionary<string, long>(reasons),
        [new InvariantResult("agreement", Outcome.Held, 1), new InvariantResult("no loss", Outcome.Broken, 0.1)]);

    [Fact]
    public void Json_is_written_exactly()
    {
        string json = JsonReport.ToJson(Sample([new("replay", 3), new("bad-signature", 1)]));
        Assert.Equal(
            """
            {
              "Scenario": "baseline",
              "Seed": 42,
              "Latency": {
                "Count": 2,
                "LatencyUsMean": 150,
                "LatencyUsMin": 100,
                "LatencyUsP50": 100,
                "LatencyUsP90": 200,
                "LatencyUsP99": 200,
                "LatencyUsP999": 200,
                "LatencyUsMax": 200
              },
              "RejectedByReason": {
                "bad-signature": 1,
                "replay": 3
              },
              "Invariants": [
                {
                  "Name": "agreement",
                  "Outcome": "Held",
                  "Share": 1
                },
                {
                  "Name": "no loss",
                  "Outcome": "Broken",
                  "Share": 0.1
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(1e21, "1E+21")]
    [InlineData(5e-324, "5E-324")]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    public void Doubles_are_shortest_round_trip(double value, string expected)
    {
        Assert.Equal(expected + "\n", JsonReport.ToJson(value));
    }

    [Fact]
    public void Dictionary_insertion_order_does_not_change_the_bytes()
    {
        var gen = Gen.ListOf(Gen.Zip(Gen.Elements("a", "b", "B", "ä", "z-1", "z-10", "z-2", "replay", "expired"), Gen.Choose(0, 9)))
            .Select(pairs => pairs.DistinctBy(p => p.Item1).Select(p => new KeyValuePair<string, long>(p.Item1, p.Item2)).ToArray())
            .SelectMany(pairs => Gen.Shuffle(pairs).Select(shuffled => (pairs, shuffled)));
        Prop.ForAll(Arb.From(gen), pair =>
            JsonReport.ToUtf8Bytes(Sample(pair.pairs)).AsSpan().SequenceEqual(JsonReport.ToUtf8Bytes(Sample(pair.shuffled))))
            .Check(PropertyConfig.Default(seed: 5201));
    }

    [Fact]
    public void Json_round_trips()
    {
        RunSummary original = Sample([new("replay", 3)]);
        RunSummary back = JsonReport.Parse<RunSummary>(JsonReport.ToJson(original))!;
        Assert.Equal(original.Latency, back.Latency);
        Assert.Equal(original.Invariants, back.Invariants);
        Assert.Equal(original.RejectedByReason, back.RejectedByReason);
    }

    [Fact]
    public void Bytes_are_utf8_without_byte_order_mark_or_carriage_return()
    {
        byte[] bytes = JsonReport.ToUtf8Bytes(new InvariantResult("ü", Outcome.Held, 1));
        Assert.Equal((byte)'{', bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
    }
}
