using System.Text.Json;
using HealthLedger.Engine.Crypto;
using HealthLedger.Sim.Core;
using HealthLedger.Sim.Workload;

namespace HealthLedger.Sim.Tests.Simulation;

public class ClinicalDocumentsTests
{
    private static readonly Hash256 Performer = Hash256.Compute("provider-7"u8);

    [Fact]
    public void Every_document_is_a_FHIR_shaped_observation_of_realistic_size()
    {
        var documents = new ClinicalDocuments(new SimRandom(11));
        var sizes = new List<int>();
        for (int i = 0; i < 2_000; i++)
        {
            var bytes = documents.Next(Performer).ToArray();
            sizes.Add(bytes.Length);
            using var json = JsonDocument.Parse(bytes); // throws on anything that is not JSON
            var root = json.RootElement;
            Assert.Equal("Observation", root.GetProperty("resourceType").GetString());
            Assert.Equal(Performer.ToShortString(), root.GetProperty("performer").GetProperty("reference").GetString());
            Assert.Matches(@"^\S+ \S+", root.GetProperty("subject").GetProperty("display").GetString());
            Assert.Matches(@"^\d{4,5}-\d$", root.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString());
            double value = root.GetProperty("valueQuantity").GetProperty("value").GetDouble();
            Assert.InRange(value, 1, 300);
            string note = root.GetProperty("note")[0].GetProperty("text").GetString()!;
            Assert.Matches(@"^([A-Z][a-z]*( [a-z]+){2,9}\.)( [A-Z][a-z]*( [a-z]+){2,9}\.)*$", note);
        }
        // A few hundred bytes to a few KiB, as the records of a clinical system's observations and notes are.
        Assert.InRange(sizes.Min(), 200, 400);
        Assert.InRange(sizes.Max(), 1_000, 4_096);
        Assert.InRange(sizes.Average(), 400, 1_500);
    }

    [Fact]
    public void The_same_seed_gives_the_same_documents_and_another_seed_other_ones()
    {
        static List<Hash256> Hashes(ulong seed)
        {
            var documents = new ClinicalDocuments(new SimRandom(seed));
            return Enumerable.Range(0, 200).Select(_ => documents.NextHash(Performer)).ToList();
        }

        var first = Hashes(5);
        var again = Hashes(5); // a second, independent generator from the same seed
        Assert.Equal(first, again);
        Assert.Empty(first.Intersect(Hashes(6)));
        Assert.Equal(200, first.Distinct().Count());
    }
}
