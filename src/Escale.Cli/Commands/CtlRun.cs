using Escale.Agent.Operations;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>How every escalectl command runs: Ctrl+C cancels, expected failures are one line and an exit code.</summary>
public static class CtlRun
{
    public static int Run(Func<CancellationToken, Task<int>> body)
    {
        using var cts = Cli.Signals(out var registrations);
        using (registrations)
        {
            try
            {
                return body(cts.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                return Fail("interrupted", ExitCodes.Interrupted);
            }
            catch (OperationException e)
            {
                return Fail(e.Message, ExitCodes.Usage);
            }
            catch (Exception e) when (Cli.Explain(e) is { } x)
            {
                return Fail(x.Line, x.Code);
            }
        }
    }

    public static int Fail(string line, int code)
    {
        Console.Error.WriteLine("escalectl: " + line);
        return code;
    }

    /// <summary>The configuration and the repositories named by -r (all when none).</summary>
    public static IReadOnlyList<RepositoryConfig> Select(string? configFile, IReadOnlyCollection<string> sections)
    {
        var config = ConfigLoader.Load(configFile, ConfigLoader.DefaultLocalPath());
        return config.Select(sections);
    }

    /// <summary>Exactly one repository: the positional SECTION, else -r, else the only one there is.</summary>
    public static RepositoryConfig SelectOne(string? configFile, string? section, IReadOnlyCollection<string> sections)
    {
        var config = ConfigLoader.Load(configFile, ConfigLoader.DefaultLocalPath());
        var names = section is not null ? [section] : sections;
        var repos = config.Select(names);
        if (repos.Count != 1)
        {
            throw new ConfigException($"{config.File}: several repositories ({string.Join(", ", repos.Select(r => r.Name))}): name one with -r SECTION");
        }

        return repos[0];
    }

    /// <summary>
    /// Commands written <c>CMD [SECTION] VALUE</c>: two words are the section and the value; one word
    /// is the value, and the section comes from -r (or is the only one).
    /// </summary>
    public static (string? Section, string Value) SectionAndValue(string[] words) => words.Length switch
    {
        1 => (null, words[0]),
        2 => (words[0], words[1]),
        _ => throw new OperationException($"expected [SECTION] and one more argument, got {words.Length} arguments"),
    };
}
