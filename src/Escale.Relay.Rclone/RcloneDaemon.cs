using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.Rclone;

/// <summary>
/// One long-lived <c>rclone rcd</c> per process (per rclone configuration file), shared by every rclone
/// store of the agent: started by the first store that needs it, stopped when the last one is disposed
/// (whoever starts background work stops it). It listens on 127.0.0.1 on a port the kernel picks, with a
/// random user and password passed in its environment (never on a command line that ps shows). It runs
/// under a small sh guard that holds our stdin: when this process ends, even by kill -9, the pipe
/// closes and the guard stops rclone, so no daemon outlives its agent.
/// </summary>
internal sealed partial class RcloneDaemon
{
    private const string Guard = "\"$@\" </dev/null & r=$!; read _ ; kill $r 2>/dev/null; wait $r";
    private static readonly Dictionary<string, RcloneDaemon> Running = new(StringComparer.Ordinal);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private readonly string _key;
    private readonly ILogger _logger;
    private readonly Queue<string> _lastLines = new();
    private Process? _process;
    private Task? _drain;
    private int _users;

    private RcloneDaemon(string key, ILogger logger)
    {
        _key = key;
        _logger = logger;
    }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; private set; } = new();

    public string Version { get; set; } = "";

    /// <summary>The running daemon for this binary and configuration, started when there is none.</summary>
    public static async Task<RcloneDaemon> AcquireAsync(RcloneSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var key = settings.Binary + "\n" + (settings.ConfigFile ?? "");
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (!Running.TryGetValue(key, out var daemon) || daemon._process is not { HasExited: false })
            {
                daemon = new RcloneDaemon(key, logger);
                await daemon.StartAsync(settings, cancellationToken);
                Running[key] = daemon;
            }

            daemon._users++;
            return daemon;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>One store is done with it; the last one stops the daemon.</summary>
    public async Task ReleaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_users > 0)
            {
                return;
            }

            if (Running.TryGetValue(_key, out var current) && ReferenceEquals(current, this))
            {
                Running.Remove(_key);
            }
        }
        finally
        {
            Gate.Release();
        }

        await StopAsync();
    }

    /// <summary>The last lines rclone wrote (for an error message when it died).</summary>
    public string LastLines()
    {
        lock (_lastLines)
        {
            return string.Join(" | ", _lastLines);
        }
    }

    private async Task StartAsync(RcloneSettings settings, CancellationToken cancellationToken)
    {
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = false, UseShellExecute = false };
        foreach (var a in new[] { "-c", Guard, "escale-rclone-rcd", settings.Binary, "rcd", "--rc-addr", "127.0.0.1:0", "--rc-serve",
                     "--low-level-retries", "2", "--contimeout", Seconds(settings.Timeout), "--timeout", Seconds(settings.Timeout) })
        {
            psi.ArgumentList.Add(a);
        }

        if (settings.ConfigFile is { } config)
        {
            psi.ArgumentList.Add("--config");
            psi.ArgumentList.Add(config);
        }

        psi.Environment["RCLONE_RC_USER"] = "escale";
        psi.Environment["RCLONE_RC_PASS"] = password;
        try
        {
            _process = Process.Start(psi) ?? throw new RelayException(RelayErrorKind.Permanent, "rclone rcd could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"cannot start rclone ({e.Message})", e);
        }

        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _drain = DrainAsync(_process, address);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            BaseAddress = await address.Task.WaitAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await StopAsync();
            throw new RelayException(RelayErrorKind.Permanent, $"rclone rcd did not start within 30 s: {LastLines()}");
        }
        catch (RelayException)
        {
            await StopAsync();
            throw;
        }

        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("escale:" + password)));
        _logger.LogInformation("rclone rcd started on {Address} (pid {Pid})", BaseAddress, _process.Id);
    }

    /// <summary>Reads rclone's log lines for as long as it runs: the first NOTICE gives the address.</summary>
    private async Task DrainAsync(Process process, TaskCompletionSource<Uri> address)
    {
        try
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_lastLines)
                {
                    _lastLines.Enqueue(line);
                    if (_lastLines.Count > 10)
                    {
                        _lastLines.Dequeue();
                    }
                }

                if (!address.Task.IsCompleted && ServingLine().Match(line) is { Success: true } m)
                {
                    address.TrySetResult(new Uri(m.Groups[1].Value));
                }

                _logger.LogDebug("rclone: {Line}", line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the daemon is gone
        }

        address.TrySetException(new RelayException(RelayErrorKind.Permanent, $"rclone rcd exited: {LastLines()}"));
    }

    private async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        try
        {
            process.StandardInput.Close(); // the guard then stops rclone and exits
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(bound.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        if (_drain is not null)
        {
            await _drain;
        }

        process.Dispose();
        Http.Dispose();
        _logger.LogDebug("rclone rcd on {Address} stopped", BaseAddress);
    }

    private static string Seconds(TimeSpan t) => ((int)Math.Max(1, t.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(@"Serving remote control on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ServingLine();
}
