using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Escale.Cli.Json;

/// <summary>
/// <c>--json</c> of the escalectl verbs that print data: one JSON document on stdout, camelCase names,
/// enums as camelCase strings, times as ISO 8601, sizes in bytes, durations in seconds. The shapes are
/// the records in <see cref="JsonShapes"/> (documented in the README); fields are added, never renamed.
/// </summary>
public static class CtlJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Option<bool> Option() => new("--json")
    {
        Description = "print the result as one JSON document (camelCase; shapes in the README)",
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static void Write<T>(T value) => Console.Out.WriteLine(Serialize(value));
}
