using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Control;

/// <summary>
/// A running agent's control socket. Each connection sends one JSON request line and gets one JSON
/// reply line. Handlers are registered by command name; "hello" (who is this agent) is built in.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _path;
    private readonly Dictionary<string, Func<ControlRequest, CancellationToken, Task<ControlResponse>>> _handlers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _open = new();

    private ControlServer(Socket listener, string path, Func<AgentInfo> info, ILogger logger)
    {
        _listener = listener;
        _path = path;
        _logger = logger;
        Handle("hello", (_, _) => Task.FromResult(Reply(info(), ControlJson.Default.AgentInfo)));
        _loop = AcceptLoopAsync();
    }

    public string Path => _path;

    public static ControlServer Start(Func<AgentInfo> info, ILogger logger)
    {
        var path = ControlPaths.SocketFor(Environment.ProcessId);
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        socket.Listen(16);
        return new ControlServer(socket, path, info, logger);
    }

    public void Handle(string command, Func<ControlRequest, CancellationToken, Task<ControlResponse>> handler) => _handlers[command] = handler;

    public static ControlResponse Reply<T>(T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        new(true, null, JsonSerializer.SerializeToElement(data, type));

    public static ControlResponse Fail(string error) => new(false, error);

    public async ValueTask DisposeAsync()
    {
        // Stop accepting, let open requests finish their reply (the "stop" caller is waiting for
        // one right now), then cancel whatever is still running.
        _listener.Dispose();
        try
        {
            await Task.WhenAll(_open.Keys).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        _stop.Cancel();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        File.Delete(_path);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var serving = ServeAsync(client);
            _open[serving] = 0;
            _ = serving.ContinueWith(t => _open.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            cts.CancelAfter(TimeSpan.FromMinutes(10)); // "stop" drains the queue: allow it time
            try
            {
                await using var stream = new NetworkStream(client, ownsSocket: false);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var line = await reader.ReadLineAsync(cts.Token);
                ControlResponse response;
                var request = line is null ? null : JsonSerializer.Deserialize(line, ControlJson.Default.ControlRequest);
                if (request is null)
                {
                    response = Fail("empty request");
                }
                else if (!_handlers.TryGetValue(request.Command, out var handler))
                {
                    response = Fail($"unknown command '{request.Command}'");
                }
                else
                {
                    response = await handler(request, cts.Token);
                }

                var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(response, ControlJson.Default.ControlResponse) + "\n");
                await stream.WriteAsync(bytes, cts.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or JsonException or OperationCanceledException or InvalidOperationException)
            {
                _logger.LogDebug("control connection failed: {Message}", e.Message);
            }
        }
    }
}
