using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// Writes and reads report JSON through System.Text.Json, identical to the byte for equal values: indented by two
/// spaces, "\n" line endings and a final "\n", properties in declaration order (see <see cref="DeclarationOrder"/>),
/// string-keyed dictionaries sorted by ordinal key, enums as their names, doubles in shortest round-trip form
/// (NaN and infinities as the strings "NaN", "Infinity", "-Infinity"), UTF-8 without a byte-order mark.
/// </summary>
public static class JsonReport
{
    /// <summary>The serializer options every report uses (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The JSON of <paramref name="value"/> as UTF-8 bytes, ending with "\n".</summary>
    public static byte[] ToUtf8Bytes<T>(T value)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        byte[] withNewLine = new byte[json.Length + 1];
        json.CopyTo(withNewLine, 0);
        withNewLine[^1] = (byte)'\n';
        return withNewLine;
    }

    /// <summary>The JSON text of <paramref name="value"/>, ending with "\n".</summary>
    public static string ToJson<T>(T value) => ReportFile.Utf8NoBom.GetString(ToUtf8Bytes(value));

    /// <summary>Writes the JSON of <paramref name="value"/> to <paramref name="path"/>, replacing it.</summary>
    public static void WriteFile<T>(string path, T value) => ReportFile.WriteBytes(path, ToUtf8Bytes(value));

    /// <summary>Reads JSON written by <see cref="ToJson{T}"/> back.</summary>
    public static T? Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OrderByDeclaration } },
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new SortedKeysDictionaryConverterFactory());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Pins the property order to declaration order; an explicit <see cref="JsonPropertyOrderAttribute"/> still
    /// comes first in the sort, as System.Text.Json documents.
    /// </summary>
    private static void OrderByDeclaration(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Properties.Count < 2) return;
        var ordered = typeInfo.Properties
            .Select((property, index) => (property, index))
            .OrderBy(p => p.property.Order)
            .ThenBy(p => p.property.AttributeProvider is MemberInfo member ? DeclarationOrder.KeyOf(member) : (int.MaxValue, p.index))
            .Select(p => p.property)
            .ToList();
        typeInfo.Properties.Clear();
        foreach (JsonPropertyInfo property in ordered) typeInfo.Properties.Add(property);
    }
}
