namespace Escale.WebDavServer.Locks;

/// <summary>
/// The If header of RFC 4918 §10.4, parsed: lists of conditions, each list optionally tagged with
/// the resource it applies to. The header holds when any list holds; every state token it names
/// counts as submitted for the lock checks.
/// </summary>
internal sealed class IfHeader
{
    private IfHeader(IReadOnlyList<IfList> lists) => Lists = lists;

    public IReadOnlyList<IfList> Lists { get; }

    public IEnumerable<string> Tokens => Lists.SelectMany(l => l.Conditions).Where(c => c.Token is not null).Select(c => c.Token!);

    /// <summary>Parses the header; null when it is malformed (the caller answers 400).</summary>
    public static IfHeader? Parse(string text)
    {
        var lists = new List<IfList>();
        string? tag = null;
        var i = 0;
        while (true)
        {
            SkipSpace(text, ref i);
            if (i >= text.Length)
            {
                return lists.Count > 0 ? new IfHeader(lists) : null;
            }

            if (text[i] == '<')
            {
                if (ReadUntil(text, ref i, '>') is not { } resource)
                {
                    return null;
                }

                tag = resource;
                continue;
            }

            if (text[i] != '(')
            {
                return null;
            }

            i++;
            var conditions = new List<IfCondition>();
            while (true)
            {
                SkipSpace(text, ref i);
                if (i >= text.Length)
                {
                    return null;
                }

                if (text[i] == ')')
                {
                    i++;
                    break;
                }

                var not = false;
                if (string.CompareOrdinal(text, i, "Not", 0, 3) == 0)
                {
                    not = true;
                    i += 3;
                    SkipSpace(text, ref i);
                }

                if (i < text.Length && text[i] == '<' && ReadUntil(text, ref i, '>') is { } token)
                {
                    conditions.Add(new IfCondition(not, token, null));
                }
                else if (i < text.Length && text[i] == '[' && ReadUntil(text, ref i, ']') is { } etag)
                {
                    conditions.Add(new IfCondition(not, null, etag));
                }
                else
                {
                    return null;
                }
            }

            if (conditions.Count == 0)
            {
                return null;
            }

            lists.Add(new IfList(tag, conditions));
        }
    }

    private static void SkipSpace(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
    }

    private static string? ReadUntil(string s, ref int i, char close)
    {
        var end = s.IndexOf(close, i + 1);
        if (end < 0)
        {
            return null;
        }

        var inner = s[(i + 1)..end];
        i = end + 1;
        return inner;
    }
}

/// <param name="Resource">The tagged resource (as sent), or null for the request URI.</param>
internal sealed record IfList(string? Resource, IReadOnlyList<IfCondition> Conditions);

/// <summary>A state token (<see cref="Token"/>) or an entity tag (<see cref="ETag"/>, with its quotes), possibly negated.</summary>
internal sealed record IfCondition(bool Not, string? Token, string? ETag);
