using Escale.Core.Config;

namespace Escale.Agent.Repository;

/// <summary>
/// The repository marker <c>.escale-repository.lock</c> in the relay root: format version, encryption
/// family and key check value, so that a node whose encryption settings differ refuses to push or
/// pull. Lock-shaped on purpose (native-notes/relay-protocol.md): Escale 0.6 reads a lock whose first
/// line is not <c>lock%...</c> as owned by that line, never repairs another owner's lock, and never
/// offers a lock as a file. Values never contain ':' (the placeholder rule, kept for every record).
/// </summary>
public sealed record RepositoryMarker(int Format, string Encryption, string? Check)
{
    public const string FileName = ".escale-repository.lock";
    public const int CurrentFormat = 1;
    public const int MaxBytes = 4096;
    private const string FirstLinePrefix = "escale-repository%";

    /// <summary>aead and aead-chacha20 are one family: each reads the other, and the key check is the same.</summary>
    public static string FamilyOf(string encryption) => encryption switch
    {
        "aead-chacha20" => "aead",
        "native" => "off", // the same bytes on the relay: Drive's own encryption is not ours
        _ => encryption,
    };

    public string Text() =>
        $"{FirstLinePrefix}{Format}\nencryption: {Encryption}" + (Check is null ? "" : $"\ncheck: {Check}");

    /// <summary>The marker a text holds, or null when it is not one (then it is refused, not overwritten).</summary>
    public static RepositoryMarker? Parse(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        if (!lines[0].StartsWith(FirstLinePrefix, StringComparison.Ordinal) || !int.TryParse(lines[0][FirstLinePrefix.Length..], out var format))
        {
            return null;
        }

        string? encryption = null, check = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim();
            switch (line[..colon].Trim())
            {
                case "encryption":
                    encryption = value;
                    break;
                case "check":
                    check = value;
                    break;
            }
        }

        return encryption is null ? null : new RepositoryMarker(format, encryption, check);
    }

    /// <summary>
    /// Null when this node (<paramref name="mine"/>) may work with the relay marked <paramref name="relay"/>;
    /// otherwise what differs, as the one line the user sees. Pure.
    /// </summary>
    public static string? Difference(RepositoryMarker relay, RepositoryMarker mine, RepositoryConfig config, string where)
    {
        var at = $"{config.File}:{config.LineOf("encryption")}";
        if (relay.Format > CurrentFormat)
        {
            return $"[{config.Name}]: relay {where} was marked by a newer Escale (repository format {relay.Format}, this one knows {CurrentFormat}): upgrade this node";
        }

        if (relay.Encryption != mine.Encryption)
        {
            var hint = mine.Encryption == "off" && !config.Has("encryption") ? " (no 'encryption' option in this section)" : "";
            return $"[{config.Name}]: relay {where} is marked 'encryption = {relay.Encryption}' but this node has 'encryption = {mine.Encryption}'{hint}: refusing to push or pull ({(config.Has("encryption") ? at : config.File)})";
        }

        if (relay.Check is not null && mine.Check is not null && !Crypto.KeyCheck.Same(relay.Check, mine.Check))
        {
            return $"[{config.Name}]: relay {where} is encrypted with another key: this node's 'passphrase' does not match the repository's key check: refusing to push or pull ({config.File}:{config.LineOf("passphrase")})";
        }

        return null;
    }
}
