using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// Writes string-keyed dictionaries with their keys in ordinal order, so a report does not depend on the order in
/// which a run happened to insert them (or on the hash order of a set-like dictionary). Reading is plain.
/// </summary>
internal sealed class SortedKeysDictionaryConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => ValueTypeOf(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        Type valueType = ValueTypeOf(typeToConvert)!;
        Type converterType = typeof(Converter<,>).MakeGenericType(typeToConvert, valueType);
        return (JsonConverter)Activator.CreateInstance(converterType)!;
    }

    /// <summary>The value type for Dictionary, IDictionary and IReadOnlyDictionary keyed by string; otherwise null.</summary>
    private static Type? ValueTypeOf(Type type)
    {
        if (!type.IsGenericType) return null;
        Type definition = type.GetGenericTypeDefinition();
        if (definition != typeof(Dictionary<,>) && definition != typeof(IDictionary<,>) && definition != typeof(IReadOnlyDictionary<,>))
            return null;
        Type[] arguments = type.GetGenericArguments();
        return arguments[0] == typeof(string) ? arguments[1] : null;
    }

    private sealed class Converter<TDictionary, TValue> : JsonConverter<TDictionary>
        where TDictionary : IEnumerable<KeyValuePair<string, TValue>>
    {
        public override TDictionary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var read = new Dictionary<string, TValue>(StringComparer.Ordinal);
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected an object for a dictionary.");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string key = reader.GetString() ?? throw new JsonException("A dictionary key cannot be null.");
                reader.Read();
                read[key] = JsonSerializer.Deserialize<TValue>(ref reader, options)!;
            }
            return (TDictionary)(object)read;
        }

        public override void Write(Utf8JsonWriter writer, TDictionary value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (key, item) in value.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(options.DictionaryKeyPolicy?.ConvertName(key) ?? key);
                JsonSerializer.Serialize(writer, item, options);
            }
            writer.WriteEndObject();
        }
    }
}
