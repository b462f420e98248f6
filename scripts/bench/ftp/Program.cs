using System.Diagnostics;
using Escale.Bench.Ftp;
using Escale.Core.Config;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Relay.Ftp;
using Microsoft.Extensions.Logging.Abstractions;

// Our FTP client against curl, per server, on loopback: one big file and many small ones, up and down.
var root = Environment.GetEnvironmentVariable("ESCALE_REPO_ROOT") ?? Directory.GetCurrentDirectory();
var bigMiB = Arg("--big-mib", 256);
var smallCount = Arg("--small-count", 1000);
var tls = args.Contains("--tls");
var servers = (ArgText("--servers") ?? "vsftpd,pure-ftpd,proftpd").Split(',');
const int SmallSize = 16 * 1024;
const string User = "escaleftp", Password = "escale-ftp-test";

var work = Path.Combine(Environment.GetEnvironmentVariable("ESCALE_TEST_TMP") ?? Path.GetTempPath(), "escale-ftp-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
var big = Path.Combine(work, "big.bin");
var smallDir = Directory.CreateDirectory(Path.Combine(work, "small")).FullName;
await WriteRandomAsync(big, (long)bigMiB << 20);
for (var i = 0; i < smallCount; i++)
{
    await WriteRandomAsync(Path.Combine(smallDir, $"f{i:D4}"), SmallSize);
}

Console.WriteLine($"FTP benchmark: {bigMiB} MiB file, {smallCount} x {SmallSize / 1024} KiB files, loopback, {(tls ? "explicit TLS" : "plain FTP")}, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"server",-10} {"what",-18} {"ours",14} {"curl",14} {"ratio",7}");
var index = 0;
foreach (var name in servers)
{
    var port = 21010 + index;
    // Wide passive ranges: a server closing data connections first leaves its port in TIME_WAIT for a
    // minute, and ProFTPD then answers EPSV with "425 Address already in use" once its range is used up.
    (int Min, int Max)[] passive = [(21020, 21099), (21900, 21949), (21950, 21999)];
    await using var server = new BenchServer(root, name, port, passive[index].Min, passive[index].Max, Path.Combine(work, "server-" + name));
    index++;
    await server.StartAsync(tls);
    await using var store = await ConnectAsync(port);
    foreach (var line in store.ProbeReport)
    {
        Console.WriteLine($"  # {line}");
    }

    var bigBytes = (long)bigMiB << 20;
    var ourUp = await TimeAsync(async () =>
    {
        await using var f = File.OpenRead(big);
        await store.WriteAsync(RelayPath.Parse("ours/big.bin"), f, WriteMode.Overwrite, CancellationToken.None);
    });
    var ourDown = await TimeAsync(async () =>
    {
        await using var s = await store.OpenReadAsync(RelayPath.Parse("ours/big.bin"), 0, CancellationToken.None);
        await using var f = File.Create(Path.Combine(work, "big.down"));
        await s.CopyToAsync(f, 1 << 18);
    });
    var url = $"ftp://{User}:{Password}@127.0.0.1:{port}";
    var curlTls = tls ? new[] { "--ssl-reqd", "-k" } : [];
    var curlUp = await TimeAsync(() => BenchServer.RunAsync("curl", ["-sS", .. curlTls, "--ftp-create-dirs", "-T", big, $"{url}/curl/big.bin"]));
    var curlDown = await TimeAsync(() => BenchServer.RunAsync("curl", ["-sS", .. curlTls, "-o", Path.Combine(work, "big.curl"), $"{url}/curl/big.bin"]));
    Row(name, "big upload", Mbps(bigBytes, ourUp), Mbps(bigBytes, curlUp), "MB/s");
    Row(name, "big download", Mbps(bigBytes, ourDown), Mbps(bigBytes, curlDown), "MB/s");

    var files = Directory.GetFiles(smallDir).Order(StringComparer.Ordinal).ToArray();
    var smallUp = await TimeAsync(() => Task.WhenAll(files.Select(async f =>
    {
        await using var s = File.OpenRead(f);
        await store.WriteAsync(RelayPath.Parse("ours/small/" + Path.GetFileName(f)), s, WriteMode.Overwrite, CancellationToken.None);
    })));
    var downDir = Directory.CreateDirectory(Path.Combine(work, "down-" + name)).FullName;
    var smallDown = await TimeAsync(() => Task.WhenAll(files.Select(async f =>
    {
        await using var s = await store.OpenReadAsync(RelayPath.Parse("ours/small/" + Path.GetFileName(f)), 0, CancellationToken.None);
        await using var o = File.Create(Path.Combine(downDir, Path.GetFileName(f)));
        await s.CopyToAsync(o);
    })));
    var curlSmallUp = await TimeAsync(async () =>
    {
        foreach (var f in files)
        {
            await BenchServer.RunAsync("curl", ["-sS", .. curlTls, "--ftp-create-dirs", "-T", f, $"{url}/curl/small/{Path.GetFileName(f)}"]);
        }
    });
    var curlSmallDown = await TimeAsync(async () =>
    {
        foreach (var f in files)
        {
            await BenchServer.RunAsync("curl", ["-sS", .. curlTls, "-o", Path.Combine(downDir, "c-" + Path.GetFileName(f)), $"{url}/curl/small/{Path.GetFileName(f)}"]);
        }
    });
    Row(name, "small upload", files.Length / ourSec(smallUp), files.Length / ourSec(curlSmallUp), "files/s");
    Row(name, "small download", files.Length / ourSec(smallDown), files.Length / ourSec(curlSmallDown), "files/s");
    Verify(big, Path.Combine(work, "big.down"));
    Verify(files[^1], Path.Combine(downDir, Path.GetFileName(files[^1])));
}

Directory.Delete(work, recursive: true);
return 0;

static double ourSec(TimeSpan t) => Math.Max(t.TotalSeconds, 1e-6);

static double Mbps(long bytes, TimeSpan t) => bytes / 1e6 / Math.Max(t.TotalSeconds, 1e-6);

static void Row(string server, string what, double ours, double curl, string unit) =>
    Console.WriteLine($"{server,-10} {what,-18} {ours,9:0.0} {unit,-4} {curl,9:0.0} {unit,-4} {ours / curl,6:0.00}x");

static async Task<TimeSpan> TimeAsync(Func<Task> action)
{
    var clock = Stopwatch.StartNew();
    await action();
    return clock.Elapsed;
}

static async Task WriteRandomAsync(string path, long length)
{
    await using var f = File.Create(path);
    var buffer = new byte[1 << 20];
    for (long done = 0; done < length; done += buffer.Length)
    {
        Random.Shared.NextBytes(buffer);
        await f.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - done)));
    }
}

static void Verify(string expected, string actual)
{
    if (!File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual)))
    {
        throw new InvalidDataException($"{actual} differs from {expected}");
    }
}

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v) : fallback;

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

async Task<FtpRelayStore> ConnectAsync(int port)
{
    var text = $"""
        [bench]
        local path = {work}/local
        protocol = {(tls ? "ftps" : "ftp")}
        host address = 127.0.0.1
        port = {port}
        user = {User}
        password = {Password}
        verify ssl = no
        relay dir = /
        transfers = 4
        """;
    var config = EscaleConfig.Parse(text, Path.Combine(work, "escale.conf")).Repositories[0];
    return await FtpRelayStore.ConnectAsync(config, NullLogger.Instance, CancellationToken.None);
}
