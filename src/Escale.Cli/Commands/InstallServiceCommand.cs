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
        var mount = new Option<string?>("--mount") { Description = "serve this mount point with escale-mount instead of running plain escale", HelpName = "MOUNTPOINT" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "print the unit and where it would go; write nothing" };
        var command = new Command("install-service", "write a systemd user unit (Restart=on-failure) for escale or escale-mount")
        {
            config, mount, dryRun,
        };
        command.SetAction(parse => Run(parse.GetValue(config), parse.GetValue(mount), parse.GetValue(dryRun)));
        return command;
    }

    private static int Run(string? configFile, string? mountPoint, bool dryRun)
    {
        try
        {
            var file = EscaleConfig.Locate(configFile) ?? throw new ConfigException("no configuration file: create one with 'escale -i' or name it with -c FILE");
            file = Path.GetFullPath(file);
            EscaleConfig.Load(file); // a unit for a configuration that does not load would only fail later, in the journal
            var bin = FindBinDirectory() ?? throw new ConfigException("cannot find this checkout's bin/ folder (bin/escale); set ESCALE_REPO_ROOT");
            var unit = (mountPoint is null
                ? SystemdUnit.ForSync(bin, file)
                : SystemdUnit.ForMount(bin, file, Path.GetFullPath(mountPoint))) with { Environment = DotnetEnvironment() };
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
