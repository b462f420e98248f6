using Escale.Agent;
using Escale.Core.Config;
using Escale.Core.Paths;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>escale -i</c>: asks for one repository, tests the relay connection, then appends the section
/// to the configuration file. <c>escale -i FILE [-r SECTION]...</c> imports sections of another
/// configuration instead (paths made absolute, an inline password moved to a 0600 secret file).
/// Nothing is written unless every section reached its relay.
/// </summary>
public static class WizardCommand
{
    private static readonly TimeSpan ConnectionBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AuthorizationBound = TimeSpan.FromMinutes(10);

    public static int Run(string? configFile, string? importFile, IReadOnlyCollection<string> sections, WizardConsole io)
    {
        var target = Path.GetFullPath(configFile ?? EscaleConfig.Locate(null) ?? EscaleConfig.DefaultLocations().First());
        if (importFile is null && sections.Count > 0)
        {
            return Recheck(target, sections, io);
        }

        var built = new List<WizardSection>();
        try
        {
            var existingText = File.Exists(target) ? File.ReadAllText(target) : "";
            var taken = existingText.Length > 0 ? EscaleConfig.Parse(existingText, target).Repositories.Select(r => r.Name).ToHashSet() : [];
            if (importFile is null)
            {
                built.Add(WizardQuestions.Ask(io, target, taken));
            }
            else
            {
                built.AddRange(WizardImport.Read(importFile, sections, target, taken));
            }

            var candidate = existingText + "\n" + string.Join("\n", built.Select(s => s.ToText()));
            var config = EscaleConfig.Parse(candidate, target);
            foreach (var section in built)
            {
                TestConnectionAsync(config.Select([section.Name])[0], io).GetAwaiter().GetResult();
            }

            WizardFiles.AppendConfig(target, string.Join("\n", built.Select(s => s.ToText())));
            foreach (var section in built)
            {
                io.Say($"wrote [{section.Name}] to {target}");
            }

            io.Say($"start it with: escale -c {target}" + string.Concat(built.Select(s => $" -r {s.Name}")));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is WizardException || Cli.Explain(e) is not null)
        {
            foreach (var section in built)
            {
                section.DeleteCreatedFiles();
            }

            var (line, code) = e is WizardException w ? (w.Message, w.Code) : Cli.Explain(e)!.Value;
            Console.Error.WriteLine($"escale -i: {line}");
            return code;
        }
    }

    /// <summary>
    /// <c>escale -i -r SECTION</c>: existing sections of the configuration, checked again as the wizard
    /// checks a new one (a Google section is authorized on this computer first); nothing is written but
    /// the token. This is how a second computer with a copied configuration authorizes Drive.
    /// </summary>
    private static int Recheck(string target, IReadOnlyCollection<string> sections, WizardConsole io)
    {
        try
        {
            foreach (var repo in EscaleConfig.Load(target).Select(sections))
            {
                TestConnectionAsync(repo, io).GetAwaiter().GetResult();
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is WizardException || Cli.Explain(e) is not null)
        {
            var (line, code) = e is WizardException w ? (w.Message, w.Code) : Cli.Explain(e)!.Value;
            Console.Error.WriteLine($"escale -i: {line}");
            return code;
        }
    }

    private static async Task TestConnectionAsync(RepositoryConfig repo, WizardConsole io)
    {
        if (repo.Protocol == "file")
        {
            var dir = RelayStores.LocalRelayDir(repo);
            if (!Directory.Exists(dir))
            {
                if (!io.Confirm($"Relay folder {dir} does not exist. Create it?", true))
                {
                    throw new WizardException($"[{repo.Name}]: relay folder {dir} does not exist; nothing was written", ExitCodes.Relay);
                }

                Directory.CreateDirectory(dir);
            }
        }

        if (repo.Protocol == "googledrive")
        {
            // A person answers in a browser: bounded, but not by the connection test's minute.
            using var consent = new CancellationTokenSource(AuthorizationBound);
            try
            {
                await WizardGoogle.AuthorizeAsync(repo, io, consent.Token);
            }
            catch (OperationCanceledException) when (consent.IsCancellationRequested)
            {
                throw new WizardException($"[{repo.Name}]: Google's authorization did not come back within {AuthorizationBound.TotalMinutes} minutes; nothing was written", ExitCodes.Relay);
            }
        }

        io.Say($"testing the connection to the relay of [{repo.Name}]...");
        using var bound = new CancellationTokenSource(ConnectionBound);
        try
        {
            // The wizard creates the repository: relay folder when missing, then the marker.
            var (relay, marked) = await Agent.Repository.RepositoryInit.InitAsync(repo, NullLogger.Instance, bound.Token);
            io.Say($"  ok: {relay}" + (marked ? " (marked as a repository)" : " (an existing repository; this node's settings fit)"));
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            throw new WizardException($"[{repo.Name}]: the relay did not answer within {ConnectionBound.TotalSeconds} s; nothing was written", ExitCodes.Relay);
        }
        catch (Exception e) when (Cli.Explain(e) is { } x)
        {
            throw new WizardException($"[{repo.Name}]: cannot use the relay: {x.Line}; nothing was written", x.Code == ExitCodes.Usage ? ExitCodes.Usage : ExitCodes.Relay);
        }
    }
}
