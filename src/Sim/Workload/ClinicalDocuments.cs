using System.Text;
using HealthLedger.Engine.Crypto;
using HealthLedger.Sim.Core;

namespace HealthLedger.Sim.Workload;

/// <summary>
/// FHIR-shaped observations of realistic size (a few hundred bytes to a few KiB), written as UTF-8 straight into one
/// reused buffer and hashed there: the ledger registers only a document's SHA-256, and a saturated real-crypto run makes
/// tens of thousands of them a second. The words come from Bogus's English data set (patient names, lorem text), drawn
/// with the workload's own random stream; the shape follows Bogus's <c>Lorem.Sentences</c> (1 to 19 sentences of 3 to
/// 10 words, the first capitalized), without the strings, arrays and iterators that call allocates per word.
/// </summary>
internal sealed class ClinicalDocuments
{
    private static readonly byte[][] FirstNames = Words("name", "first_name");
    private static readonly byte[][] LastNames = Words("name", "last_name");
    private static readonly byte[][] Lorem = Words("lorem", "words");

    private readonly SimRandom _rng;
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <summary>Documents drawn from <paramref name="rng"/>.</summary>
    public ClinicalDocuments(SimRandom rng) => _rng = rng;

    /// <summary>The SHA-256 of a new observation about a patient, performed by <paramref name="performer"/>.</summary>
    public Hash256 NextHash(Hash256 performer) => Hash256.Compute(Next(performer));

    /// <summary>A new observation's bytes, valid until the next call.</summary>
    public ReadOnlySpan<byte> Next(Hash256 performer)
    {
        _length = 0;
        Append("{\"resourceType\":\"Observation\",\"status\":\"final\",\"subject\":{\"display\":\""u8);
        Append(FirstNames[_rng.Next(FirstNames.Length)]);
        Append(" "u8);
        Append(LastNames[_rng.Next(LastNames.Length)]);
        Append("\"},\"performer\":{\"reference\":\""u8);
        Span<byte> id = stackalloc byte[Hash256.Size];
        performer.CopyTo(id);
        AppendHex(id[..4]); // the short form of the performer's id, as Hash256.ToShortString writes it
        Append("\"},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\""u8);
        AppendNumber(_rng.Next(1000, 100_000), "D4"); // a LOINC-like code: four or five digits, a check digit
        Append("-"u8);
        AppendNumber(_rng.Next(10), "D1");
        Append("\"}]},\"valueQuantity\":{\"value\":"u8);
        AppendNumber(Math.Round(1 + _rng.NextDouble() * 299, 1), "F1");
        Append(",\"unit\":\"mg/dL\"},\"note\":[{\"text\":\""u8);
        int sentences = _rng.Next(1, 20);
        for (int s = 0; s < sentences; s++)
        {
            if (s > 0) Append(" "u8);
            int words = _rng.Next(3, 11);
            for (int w = 0; w < words; w++)
            {
                if (w > 0) Append(" "u8);
                int start = _length;
                Append(Lorem[_rng.Next(Lorem.Length)]);
                if (w == 0) _buffer[start] = (byte)char.ToUpperInvariant((char)_buffer[start]);
            }
            Append("."u8);
        }
        Append("\"}]}"u8);
        return _buffer.AsSpan(0, _length);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes.Length));
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void AppendHex(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes) AppendNumber(b, "x2");
    }

    private void AppendNumber<T>(T value, string format) where T : IUtf8SpanFormattable
    {
        Span<byte> digits = stackalloc byte[32];
        value.TryFormat(digits, out int written, format, System.Globalization.CultureInfo.InvariantCulture);
        Append(digits[..written]);
    }

    /// <summary>One list of Bogus's English data set, as UTF-8 (names and lorem words are plain ASCII there; quotes and
    /// backslashes, which JSON would need escaped, are dropped).</summary>
    private static byte[][] Words(string category, string path)
    {
        var list = (Bogus.Bson.BArray)Bogus.Database.Get(category, path, "en", "en");
        return Enumerable.Range(0, list.Count).Select(i => list[i].StringValue)
            .Where(s => s.Length > 0 && !s.Contains('"') && !s.Contains('\\'))
            .Select(Encoding.UTF8.GetBytes)
            .ToArray();
    }
}
