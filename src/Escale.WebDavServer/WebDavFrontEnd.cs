using System.Net;
using Escale.Vfs;
using Escale.WebDavServer.Locks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.WebDavServer;

/// <summary>
/// The virtual folder served over WebDAV (class 1 and 2) on 127.0.0.1 only, for the clients that
/// mount WebDAV natively: the Windows redirector (net use), Finder (mount_webdav), davfs2, gvfs.
/// Every request must carry the per-mount secret as the Basic password.
/// </summary>
public sealed class WebDavFrontEnd : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LockTable _locks;
    private readonly CancellationTokenSource _stopping;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebDavFrontEnd(WebApplication app, LockTable locks, CancellationTokenSource stopping, int port, string secret)
    {
        _app = app;
        _locks = locks;
        _stopping = stopping;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }

    public string Secret { get; }

    /// <summary>The URL clients mount (without credentials; the user is <see cref="WebDavServerOptions.UserName"/>, the password <see cref="Secret"/>).</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Write locks granted right now (released all at once when the front-end stops).</summary>
    public int ActiveLocks => _locks.Count;

    /// <summary>Completes when the server stopped (disposed).</summary>
    public Task Completion => _stopped.Task;

    public static async Task<WebDavFrontEnd> StartAsync(IVirtualFolder folder, WebDavServerOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        logger ??= NullLogger.Instance;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port); // loopback only: never reachable from another machine
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // uploads are streamed, any size
            k.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(5);
            k.Limits.MaxResponseBufferSize = DavHandler.ResponseBuffer;
        });
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var locks = new LockTable(options.Time);
        var quota = new QuotaCache(options.Quota, options.QuotaCacheTime, options.Time, stopping.Token);
        var handler = new DavHandler(folder, options, locks, quota, logger);
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw new WebDavFrontEndException($"cannot listen on 127.0.0.1:{options.Port}: {e.Message}", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        _ = quota.Current; // ask the relay once now, so the first listing has it
        return new WebDavFrontEnd(app, locks, stopping, port, options.Secret);
    }

    /// <summary>Stops accepting requests (in-flight ones get a few seconds) and drops every lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(bound.Token);
        }

        await _app.DisposeAsync();
        _locks.Clear();
        _stopping.Dispose();
        _stopped.TrySetResult();
    }
}
