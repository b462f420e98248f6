using System.Text;

namespace Escale.Relay.GoogleDrive.Tests.Emulator;

/// <summary>
/// The part of Drive's query language (the <c>q</c> of files.list) that the driver uses:
/// <c>'ID' in parents</c>, <c>trashed = false|true</c>, <c>name = 'x'</c>, <c>mimeType = 'x'</c> / <c>!=</c>,
/// joined by <c>and</c>; strings escape <c>'</c> and <c>\</c> with a backslash. Anything else is a 400.
/// </summary>
public static class DriveQuery
{
    public static Func<EmulatedFile, bool> Parse(string q)
    {
        var tests = new List<Func<EmulatedFile, bool>>();
        var tokens = Tokenize(q);
        var i = 0;
        while (i < tokens.Count)
        {
            if (i > 0)
            {
                Expect(tokens, i++, "and");
            }

            var (a, op, b) = (At(tokens, i), At(tokens, i + 1), At(tokens, i + 2));
            i += 3;
            if (op == "in" && b == "parents" && IsString(a))
            {
                var id = Unquote(a);
                tests.Add(f => f.Parents.Contains(id));
            }
            else if (a == "trashed" && op == "=" && b is "false" or "true")
            {
                var wanted = b == "true";
                tests.Add(f => f.Trashed == wanted);
            }
            else if (a == "name" && op == "=" && IsString(b))
            {
                var name = Unquote(b);
                tests.Add(f => f.Name == name);
            }
            else if (a == "mimeType" && op is "=" or "!=" && IsString(b))
            {
                var mime = Unquote(b);
                var equal = op == "=";
                tests.Add(f => (f.MimeType == mime) == equal);
            }
            else
            {
                throw new FormatException($"unsupported clause {a} {op} {b}");
            }
        }

        return f => tests.All(t => t(f));
    }

    /// <summary>The folder ids named by <c>'ID' in parents</c> clauses (a missing one is a 404 on Drive).</summary>
    public static IEnumerable<string> ParentIds(string q)
    {
        var tokens = Tokenize(q);
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            if (tokens[i + 1] == "in" && tokens[i + 2] == "parents" && IsString(tokens[i]))
            {
                yield return Unquote(tokens[i]);
            }
        }
    }

    private static string At(List<string> tokens, int i) =>
        i < tokens.Count ? tokens[i] : throw new FormatException("query ends too early");

    private static void Expect(List<string> tokens, int i, string word)
    {
        if (At(tokens, i) != word)
        {
            throw new FormatException($"expected '{word}'");
        }
    }

    private static bool IsString(string token) => token.Length >= 2 && token[0] == '\'';

    private static string Unquote(string token) => token[1..^1];

    /// <summary>Words, operators, and quoted strings (kept with a leading quote, escapes resolved).</summary>
    private static List<string> Tokenize(string q)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < q.Length)
        {
            var c = q[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var sb = new StringBuilder("'");
                i++;
                while (true)
                {
                    if (i >= q.Length)
                    {
                        throw new FormatException("unterminated string");
                    }

                    if (q[i] == '\\' && i + 1 < q.Length)
                    {
                        sb.Append(q[i + 1]);
                        i += 2;
                    }
                    else if (q[i] == '\'')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        sb.Append(q[i++]);
                    }
                }

                tokens.Add(sb.Append('\'').ToString());
            }
            else if (c == '!' && i + 1 < q.Length && q[i + 1] == '=')
            {
                tokens.Add("!=");
                i += 2;
            }
            else if (c == '=')
            {
                tokens.Add("=");
                i++;
            }
            else
            {
                var start = i;
                while (i < q.Length && !char.IsWhiteSpace(q[i]) && q[i] is not '=' and not '\'' and not '!')
                {
                    i++;
                }

                tokens.Add(q[start..i]);
            }
        }

        return tokens;
    }
}
