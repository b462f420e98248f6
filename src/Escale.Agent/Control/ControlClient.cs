using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Escale.Agent.Control;

/// <summary>Talks to running agents through their control sockets.</summary>
public static class ControlClient
{
    /// <summary>Sends one request; null when nobody listens there (a dead agent's socket is removed).</summary>
    public static async Task<ControlResponse?> SendAsync(string socketPath, ControlRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            TryDelete(socketPath); // its agent died without cleaning up
            return null;
        }
        catch (SocketException)
        {
            return null;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, ControlJson.Default.ControlRequest) + "\n");
        await stream.WriteAsync(bytes, cts.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var line = await reader.ReadLineAsync(cts.Token);
        return line is null ? null : JsonSerializer.Deserialize(line, ControlJson.Default.ControlResponse);
    }

    /// <summary>Every live agent and what it runs.</summary>
    public static async Task<IReadOnlyList<(string Socket, AgentInfo Info)>> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        var found = new List<(string, AgentInfo)>();
        foreach (var socket in ControlPaths.AllSockets())
        {
            var reply = await SendAsync(socket, new ControlRequest("hello"), TimeSpan.FromSeconds(5), cancellationToken);
            if (reply is { Ok: true, Data: { } data } && data.Deserialize(ControlJson.Default.AgentInfo) is { } info)
            {
                found.Add((socket, info));
            }
        }

        return found;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
