using Escale.Vfs;
using Escale.WebDavServer;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Mount;

/// <summary>
/// The WebDAV front-end on 127.0.0.1 plus, unless only the URL was asked for, the operating
/// system's client mounting it (davfs2, net use, mount_webdav). Stop unmounts first (davfs2 and
/// the redirector upload what they still hold), then stops the server, which drops every lock.
/// </summary>
public sealed class WebDavMountFrontEnd : IMountFrontEnd
{
    private static readonly TimeSpan CommandBound = TimeSpan.FromSeconds(90);

    private readonly WebDavFrontEnd _server;
    private readonly MountTarget _target;
    private readonly OsCommand? _unmount;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _watch = new();
    private int _stopped;

    private WebDavMountFrontEnd(WebDavFrontEnd server, MountTarget target, OsCommand? unmount, ILogger logger)
    {
        _server = server;
        _target = target;
        _unmount = unmount;
        _logger = logger;
        Completion = target.Client == WebDavClient.Davfs ? WatchMountAsync(target.Location, _watch.Token) : server.Completion;
    }

    public WebDavFrontEnd Server => _server;

    public string Describe(string repository) => _target.Client switch
    {
        WebDavClient.UrlOnly => $"serving [{repository}] over WebDAV at {_server.Url} (user '{WebDavServerOptions.UserName}', password {_server.Secret}; GNOME Files: dav://{WebDavServerOptions.UserName}@127.0.0.1:{_server.Port}/)",
        WebDavClient.NetUse => $"mapped [{repository}] to {_target.Location} (WebDAV at {_server.Url})",
        _ => $"mounted [{repository}] on {_target.Location} through WebDAV ({_server.Url})",
    };

    public string Location => _target.Client == WebDavClient.UrlOnly ? _server.Url.ToString() : _target.Location;

    public Task Completion { get; }

    /// <exception cref="WebDavFrontEndException">The server could not listen, or the client could not mount (one line).</exception>
    public static async Task<WebDavMountFrontEnd> StartAsync(IVirtualFolder folder, MountTarget target, WebDavServerOptions options, string privateDir, ILogger logger, CancellationToken ct)
    {
        var server = await WebDavFrontEnd.StartAsync(folder, options, logger, ct);
        try
        {
            var (mount, unmount) = Commands(target, server, privateDir);
            if (mount is not null)
            {
                logger.LogInformation("mounting: {Command}", mount);
                if (await OsCommandRunner.RunAsync(mount, CommandBound, ct) is { } failure)
                {
                    throw new WebDavFrontEndException(failure);
                }
            }

            return new WebDavMountFrontEnd(server, target, unmount, logger);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _watch.Cancel();
        if (_unmount is not null && (_target.Client != WebDavClient.Davfs || Mounts.IsMounted(_target.Location)))
        {
            if (await OsCommandRunner.RunAsync(_unmount, CommandBound) is { } failure)
            {
                _logger.LogWarning("unmount of {Location}: {Failure}", _target.Location, failure);
            }
        }

        await _server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _watch.Dispose();
    }

    private static (OsCommand? Mount, OsCommand? Unmount) Commands(MountTarget target, WebDavFrontEnd server, string privateDir)
    {
        const string user = WebDavServerOptions.UserName;
        switch (target.Client)
        {
            case WebDavClient.Davfs:
                var full = Path.GetFullPath(target.Location);
                Directory.CreateDirectory(full);
                var dir = Directory.CreateDirectory(Path.Combine(privateDir, "davfs2"));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                var conf = Path.Combine(dir.FullName, "davfs2.conf");
                File.WriteAllText(conf, WebDavClientCommands.DavfsConfiguration());
                var (uid, gid) = Owner();
                return (WebDavClientCommands.DavfsMount(server.Url, full, conf, user, server.Secret, uid, gid), WebDavClientCommands.DavfsUnmount(full));
            case WebDavClient.NetUse:
                return (WebDavClientCommands.NetUse(target.Location, server.Url, user, server.Secret), WebDavClientCommands.NetUseDelete(target.Location));
            case WebDavClient.MountWebDav:
                Directory.CreateDirectory(target.Location);
                return (WebDavClientCommands.MountWebDav(server.Url, target.Location, Path.GetFileName(target.Location.TrimEnd('/')), user, server.Secret), WebDavClientCommands.MacUnmount(target.Location));
            default:
                return (null, null);
        }
    }

    private static (int Uid, int Gid) Owner()
    {
        var sudo = Environment.GetEnvironmentVariable("SUDO_UID");
        return int.TryParse(sudo, out var u) && int.TryParse(Environment.GetEnvironmentVariable("SUDO_GID"), out var g) ? (u, g) : (Mounts.Uid(), Mounts.Gid());
    }

    /// <summary>davfs2 unmounted by someone else (umount, a crash of mount.davfs): the mount is over.</summary>
    private static async Task WatchMountAsync(string mountPoint, CancellationToken ct)
    {
        var full = Path.GetFullPath(mountPoint);
        try
        {
            while (Mounts.IsMounted(full))
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
