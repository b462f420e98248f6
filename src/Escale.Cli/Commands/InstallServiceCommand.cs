using System.CommandLine;
using Escale.Agent.Service;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>escalectl install-service [-c FILE] [--mount MOUNTPOINT] [--dry-run]</c>: writes a systemd user
/// unit running this checkout's bin/escale (or bin/escale-mount) with the configuration, and prints
/// the systemctl line to enable it. It never runs systemctl itself: enabling a service is the user's call.
/// </summary>
public static class InstallServiceCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository the service runs; repeat for several (default: all)");
        var mount = new Option<string?>("--mount") { Description = "serve this mount point with escale-mount instead of running plain escale", HelpName = "MOUNTPOINT" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "print the unit and where it would go; write nothing" };
        var command = new Command("install-service", "write a systemd user unit (Restart=on-failure) for escale or escale-mount")
        {
            config, sections, mount, dryRun,
        };
        command.SetAction(parse => Run(parse.GetValue(config), parse.GetValue(sections) ?? [], parse.GetValue(mount), parse.GetValue(dryRun)));
        return command;
    }

    private static int Run(string? configFile, string[] sections, string? mountPoint, bool dryRun)
    {
        try
        {
            var file = EscaleConfig.Locate(configFile) ?? throw new ConfigException("no configuration file: create one with 'escale -i' or name it with -c FILE");
            file = Path.GetFullPath(file);
            var loaded = EscaleConfig.Load(file); // a unit for a configuration that does not load would only fail later, in the journal
            foreach (var s in sections.Where(s => loaded.Repositories.All(r => r.Name != s)))
            {
                throw new ConfigException($"-r {s}: no such repository in {file}");
            }

            var release = ReleaseBinDirectory();
            // A release binary serves from where it is installed, even with a checkout around (ESCALE_REPO_ROOT).
            var bin = release ?? FindBinDirectory() ?? throw new ConfigException("cannot find this checkout's bin/ folder (bin/escale); set ESCALE_REPO_ROOT");
            var unit = (mountPoint is null
                ? SystemdUnit.ForSync(bin, file)
                : SystemdUnit.ForMount(bin, file, Path.GetFullPath(mountPoint)));
            unit = unit with
            {
                ExecStart = unit.ExecStart + string.Concat(sections.Select(s => " -r " + SystemdUnit.Quote(s))),
                Environment = bin == release ? [] : DotnetEnvironment(),
            };
            var path = Path.Combine(SystemdUnit.UserUnitDirectory(), unit.Name);
            if (dryRun)
            {
                Console.Out.WriteLine($"would write {path}:");
                Console.Out.Write(unit.Render());
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var existed = File.Exists(path);
                File.WriteAllText(path, unit.Render());
                Console.Out.WriteLine($"{(existed ? "updated" : "wrote")} {path}");
            }

            Console.Out.WriteLine("to start it now and at every login, run:");
            Console.Out.WriteLine($"  systemctl --user daemon-reload && systemctl --user enable --now {unit.Name}");
            Console.Out.WriteLine("(to keep it running while you are logged out: loginctl enable-linger $USER)");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (Cli.Explain(e) is { } x)
        {
            Console.Error.WriteLine("escalectl install-service: " + x.Line);
            return x.Code;
        }
    }

    /// <summary>The bin/ wrappers run dotnet: make sure the service finds the same one as this shell.</summary>
    private static List<string> DotnetEnvironment()
    {
        var path = new List<string>();
        if (Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            path.Add(Path.GetDirectoryName(host)!);
        }

        path.AddRange(["/usr/local/bin", "/usr/bin", "/bin"]);
        var lines = new List<string> { "PATH=" + string.Join(':', path.Distinct(StringComparer.Ordinal)) };
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            lines.Add("DOTNET_ROOT=" + root);
        }

        return lines;
    }

    /// <summary>
    /// A release (self-contained single file <c>escale</c> beside its <c>escale-mount</c>/<c>escalectl</c>
    /// wrappers): the unit runs the installed binaries and needs neither dotnet nor a checkout.
    /// </summary>
    private static string? ReleaseBinDirectory()
    {
        if (Environment.ProcessPath is not { } exe || Path.GetFileName(exe) != "escale")
        {
            return null;
        }

        var dir = Path.GetDirectoryName(exe)!;
        return File.Exists(Path.Combine(dir, "escale-mount")) ? dir : null;
    }

    /// <summary>ESCALE_REPO_ROOT, else the first folder above this program holding bin/escale (a checkout).</summary>
    private static string? FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("ESCALE_REPO_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "bin", "escale")))
        {
            return Path.Combine(Path.GetFullPath(root), "bin");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "bin", "escale")) && File.Exists(Path.Combine(dir.FullName, "scripts", "run-cli")))
            {
                return Path.Combine(dir.FullName, "bin");
            }
        }

        return null;
    }
}
