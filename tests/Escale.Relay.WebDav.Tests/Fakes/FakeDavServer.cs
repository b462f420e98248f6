using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.WebDav.Tests.Fakes;

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers whatever the test says: the faults and hostile answers
/// no real server gives when asked (bad hrefs, entity bombs, endless bodies, 429 with Retry-After).
/// </summary>
public sealed class FakeDavServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeDavServer(WebApplication app) => _app = app;

    public Func<HttpContext, Task> Handler { get; set; } = ctx =>
    {
        ctx.Response.StatusCode = 404;
        return Task.CompletedTask;
    };

    public int Requests;

    public int Port { get; private set; }

    public static async Task<FakeDavServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeDavServer(app);
        app.Run(ctx =>
        {
            Interlocked.Increment(ref fake.Requests);
            return fake.Handler(ctx);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Port = new Uri(address).Port;
        return fake;
    }

    /// <summary>A store on the fake without the connect probe (the fake speaks only what each test needs).</summary>
    public WebDavRelayStore Store(ILogger logger) =>
        new(new WebDavClient(WebDavSettings.Parse("127.0.0.1", Port, secure: false, "relay") with { User = "u", Password = "p", Timeout = TimeSpan.FromSeconds(5) }, logger));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
