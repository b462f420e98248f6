using Escale.Core.Config;

namespace Escale.Agent.Operations;

/// <summary>
/// Changes a few options of one section in the text of escale.conf and nothing else: comments,
/// order, spelling of the other lines and the other sections stay as the user wrote them. A
/// replaced key keeps its spelling (<c>relay path</c> stays <c>relay path</c>); a removed option is
/// commented out (so the old value can still be read); a missing one is added at the section's end.
/// </summary>
public static class ConfigRewriter
{
    public const string Marker = "(escalectl migrate)";

    public static string Rewrite(string text, string section, IReadOnlyDictionary<string, string?> options, out IReadOnlyList<string> changes)
    {
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var log = new List<string>();
        string? current = null;
        var sectionFound = false;
        var lastInSection = -1;
        var dropContinuation = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                current = trimmed[1..^1].Trim();
                sectionFound |= current == section;
                lastInSection = current == section ? i : lastInSection;
                dropContinuation = false;
                continue;
            }

            if (current != section || trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]))
            {
                // A continuation line of the previous option: it goes with it.
                if (dropContinuation)
                {
                    lines[i] = "# " + line;
                }

                lastInSection = i;
                continue;
            }

            lastInSection = i;
            dropContinuation = false;
            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                continue;
            }

            var key = line[..separator].Trim();
            var canonical = ConfigOptions.Find(IniDocument.NormalizeKey(key))?.Name;
            if (canonical is null || !options.TryGetValue(canonical, out var value))
            {
                continue;
            }

            done.Add(canonical);
            if (value is null)
            {
                lines[i] = $"# {line.TrimEnd()}  {Marker}";
                dropContinuation = true;
                log.Add($"-{line.Trim()}");
            }
            else if (line[(separator + 1)..].Trim() != value)
            {
                lines[i] = $"{key} = {value}";
                log.Add($"-{line.Trim()}");
                log.Add($"+{lines[i]}");
            }
        }

        if (!sectionFound)
        {
            throw new ConfigException($"no section [{section}] in the configuration text");
        }

        var added = options.Where(o => o.Value is not null && !done.Contains(o.Key)).Select(o => $"{o.Key} = {o.Value}").ToList();
        lines.InsertRange(lastInSection + 1, added);
        log.AddRange(added.Select(a => "+" + a));
        changes = log;
        return string.Join(newline, lines);
    }
}
