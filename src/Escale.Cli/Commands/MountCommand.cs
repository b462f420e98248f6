using System.CommandLine;
using Escale.Agent;
using Escale.Agent.Control;
using Escale.Agent.Logging;
using Escale.Agent.Mount;
using Escale.Core.Config;
using Escale.Fuse;
using Escale.WebDavServer;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>escale-mount [-c FILE] [-r SECTION] [--webdav [--port N]] MOUNTPOINT|X:|-</c> and
/// <c>escale-mount -u MOUNTPOINT</c>. Parses, calls <see cref="MountSession"/> (which owns the
/// lifecycle) and explains.
/// </summary>
public static class MountCommand
{
    public static Command Build()
    {
        var config = Cli.ConfigOption();
        var section = new Option<string?>("--repository", "-r") { Description = "the section to mount when the configuration has several", HelpName = "SECTION" };
        var unmount = new Option<bool>("--unmount", "-u") { Description = "stop the agent serving MOUNTPOINT: drain its queue (bounded), release locks, unmount" };
        var webdav = new Option<bool>("--webdav") { Description = "serve through the local WebDAV front-end (mounted with davfs2 on Linux; '-' prints the URL for a file manager) instead of FUSE" };
        var port = new Option<int>("--port") { Description = "the WebDAV front-end's port on 127.0.0.1 (default: any free port)", HelpName = "N" };
        var logLevel = Cli.LogLevelOption();
        var mountpoint = new Argument<string>("MOUNTPOINT") { Description = "an empty directory where the repository appears; on Windows a drive letter (X:); '-' for the WebDAV URL only" };
        mountpoint.Validators.Add(result =>
        {
            // A mistyped option would otherwise become a mount point (and a default configuration be created for it).
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (value.Length > 1 && value[0] == '-')
            {
                result.AddError($"unknown option '{value}'");
            }
        });
        var root = new Command("escale-mount", """
            escale-mount: a repository as a mounted folder. Files written and closed in the mount are
            pushed to the relay after a settle delay ('writeback delay', default 3 s); files other
            nodes offer appear with their size and are fetched when opened. The mount's files live
            in the section's 'local path' (the mirror), shared with plain 'escale'.
            Linux: FUSE, or --webdav (davfs2). Windows: a drive letter mapped to the local WebDAV
            front-end (net use). macOS: mount_webdav. Without FUSE on Linux it says so and runs
            plain-folder sync instead.
            """)
        {
            config, section, unmount, webdav, port, logLevel, mountpoint,
        };
        Cli.AddHelpAndVersion(root);
        root.SetAction(parse => parse.GetValue(unmount)
            ? UnmountAsync(parse.GetValue(mountpoint)!).GetAwaiter().GetResult()
            : Run(parse.GetValue(config), parse.GetValue(section), parse.GetValue(mountpoint)!, parse.GetValue(webdav), parse.GetValue(port), parse.GetValue(logLevel)));
        return root;
    }

    public static PlatformKind Platform =>
        OperatingSystem.IsWindows() ? PlatformKind.Windows : OperatingSystem.IsMacOS() ? PlatformKind.MacOS : PlatformKind.Linux;

    private static int Run(string? configFile, string? section, string argument, bool webdav, int port, string? logLevel)
    {
        if (port is < 0 or > 65535)
        {
            Console.Error.WriteLine($"escale-mount: --port {port} is not a port number");
            return ExitCodes.Usage;
        }

        if (MountTarget.Decide(argument, webdav, Platform, out var refusal) is not { } target)
        {
            Console.Error.WriteLine("escale-mount: " + refusal);
            return ExitCodes.Usage;
        }

        using var cts = Cli.Signals(out var registrations);
        using (registrations)
        {
            try
            {
                var config = ConfigLoader.Load(configFile, Path.Combine(DefaultConfig.DataDir(), "mirror"));
                var repo = section is not null ? config.Select([section])[0]
                    : config.Repositories.Count == 1 ? config.Repositories[0]
                    : throw new ConfigException($"{config.File}: several repositories ({string.Join(", ", config.Repositories.Select(r => r.Name))}); choose one with -r SECTION");
                using var logs = Logs.Create(Logs.Parse(logLevel ?? repo.GetOrNull<string>("log level")), repo.GetPath("log file"));
                if (!target.WebDav && FuseFrontEnd.Unavailable() is { } why)
                {
                    Console.Error.WriteLine($"escale-mount: FUSE is not available ({why}); running plain-folder sync of {repo.LocalPath} instead (file managers that speak WebDAV: escale-mount --webdav -)");
                    MountSession.RunPlainAsync(repo, logs, cts).GetAwaiter().GetResult();
                    return ExitCodes.Interrupted;
                }

                var outcome = MountSession.RunAsync(repo, target, port, logs, cts, Console.Error.WriteLine).GetAwaiter().GetResult();
                if (outcome.Refused is { } refused)
                {
                    throw refused; // explained below in one line, with its exit code
                }

                return outcome.LeftQueued > 0 ? ExitCodes.Incomplete : ExitCodes.Ok;
            }
            catch (Exception e) when (Cli.Explain(e) is { } x)
            {
                Console.Error.WriteLine("escale-mount: " + x.Line);
                return x.Code;
            }
            catch (Exception e) when (e is MountException or WebDavFrontEndException)
            {
                Console.Error.WriteLine("escale-mount: " + e.Message);
                return ExitCodes.Usage;
            }
        }
    }

    private static async Task<int> UnmountAsync(string mountPoint)
    {
        if (mountPoint != "-" && !WebDavClientCommands.IsDriveLetter(mountPoint) && !mountPoint.StartsWith("http", StringComparison.Ordinal))
        {
            mountPoint = Path.GetFullPath(mountPoint);
        }

        foreach (var (socket, info) in await ControlClient.DiscoverAsync())
        {
            if (info.Repositories.Any(r => r.MountPoint == mountPoint))
            {
                Console.Error.WriteLine($"asking agent {info.ProcessId} to drain and unmount {mountPoint}...");
                var reply = await ControlClient.SendAsync(socket, new ControlRequest("stop"), MountSession.DrainBound + TimeSpan.FromSeconds(120));
                if (reply is { Ok: true })
                {
                    Console.Error.WriteLine($"unmounted {mountPoint}");
                    return ExitCodes.Ok;
                }

                Console.Error.WriteLine($"escale-mount: the agent did not confirm: {reply?.Error ?? "no answer"}");
                return ExitCodes.Incomplete;
            }
        }

        // No agent serves it: a leftover mount of a crashed agent, or not a mount at all.
        if (FuseHost.IsMounted(mountPoint))
        {
            FuseHost.Detach(mountPoint, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            Console.Error.WriteLine($"no running agent served {mountPoint}; removed the stale mount");
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"escale-mount: {mountPoint} is not an escale mount");
        return ExitCodes.Usage;
    }
}
