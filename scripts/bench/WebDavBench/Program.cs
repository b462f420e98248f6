using System.Diagnostics;
using System.Globalization;
using Escale.Core.Paths;
using Escale.Relay;
using Escale.Relay.WebDav;
using Microsoft.Extensions.Logging.Abstractions;

// Escale's WebDAV store vs curl against Apache mod_dav_fs on 127.0.0.1 (see scripts/bench/webdav).
var root = args[0];
var largeMib = Option("--large-mib", 256);
var smallCount = Option("--small-count", 1000);
var smallKib = Option("--small-kib", 16);
const string User = "escale", Password = "escale-secret";
var scratch = Path.Combine(Environment.GetEnvironmentVariable("ESCALE_TEST_TMP") ?? Path.GetTempPath(), "escale-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(scratch);
var port = 22990;
var work = Path.Combine(scratch, "apache");
Run(Path.Combine(root, "scripts/servers/webdav/start"), "apache", "http", port.ToString(CultureInfo.InvariantCulture), work);
try
{
    var baseUrl = $"http://127.0.0.1:{port}";
    Console.WriteLine($"Apache mod_dav_fs on {baseUrl}; large {largeMib} MiB (median of --rounds); small {smallCount} x {smallKib} KiB; {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

    var large = Path.Combine(scratch, "large.bin");
    await WriteRandomAsync(large, (long)largeMib << 20);
    var smallDir = Directory.CreateDirectory(Path.Combine(scratch, "small")).FullName;
    var smallFiles = Enumerable.Range(0, smallCount).Select(i => Path.Combine(smallDir, $"f{i:D5}.bin")).ToArray();
    foreach (var f in smallFiles)
    {
        await WriteRandomAsync(f, smallKib << 10);
    }

    // curl: one process per transfer, as a shell script would do it.
    Mkcol($"{baseUrl}/curl/");
    Mkcol($"{baseUrl}/curl/small/");
    var settings = WebDavSettings.Parse("127.0.0.1", port, secure: false, "ours") with { User = User, Password = Password, Transfers = 4 };
    await using var store = await WebDavRelayStore.ConnectAsync(settings, NullLogger.Instance, CancellationToken.None);

    // Large file: rounds alternate who goes first (the machine is shared and noisy); medians count.
    // One warm-up transfer each first, as a long-running agent is past JIT warm-up.
    var rounds = Option("--rounds", 3);
    List<TimeSpan> curlUps = [], curlDowns = [], oursUps = [], oursDowns = [];
    var warm = Path.Combine(scratch, "warm.bin");
    await WriteRandomAsync(warm, 8 << 20);
    Curl("-T", warm, $"{baseUrl}/curl/warm.bin");
    await OursUpAsync(warm, "warm.bin");
    await OursDownAsync("warm.bin", Path.Combine(scratch, "warm.ours"));
    for (var round = 0; round < rounds; round++)
    {
        for (var turn = 0; turn < 2; turn++)
        {
            if ((round + turn) % 2 == 0)
            {
                curlUps.Add(Time(() => Curl("-T", large, $"{baseUrl}/curl/large.bin")));
                curlDowns.Add(Time(() => Curl("-o", Path.Combine(scratch, "large.curl"), $"{baseUrl}/curl/large.bin")));
            }
            else
            {
                oursUps.Add(await TimeAsync(() => OursUpAsync(large, "large.bin")));
                oursDowns.Add(await TimeAsync(() => OursDownAsync("large.bin", Path.Combine(scratch, "large.ours"))));
            }
        }
    }

    var (curlUp, curlDown, oursUp, oursDown) = (Median(curlUps), Median(curlDowns), Median(oursUps), Median(oursDowns));
    var curlSmallUp = Time(() =>
    {
        foreach (var f in smallFiles)
        {
            Curl("-T", f, $"{baseUrl}/curl/small/{Path.GetFileName(f)}");
        }
    });

    async Task OursUpAsync(string file, string name)
    {
        await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await store.WriteAsync(RelayPath.Parse(name), source, WriteMode.Overwrite, CancellationToken.None);
    }

    async Task OursDownAsync(string name, string file)
    {
        await using var s = await store.OpenReadAsync(RelayPath.Parse(name), 0, CancellationToken.None);
        await using var target = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        await s.CopyToAsync(target, 1 << 20);
    }

    await store.CreateDirectoryAsync(RelayPath.Parse("small"), CancellationToken.None);
    var oursSmallUp = await TimeAsync(() => Parallel.ForEachAsync(smallFiles, new ParallelOptions { MaxDegreeOfParallelism = settings.Transfers }, async (f, ct) =>
    {
        await using var source = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 14, FileOptions.Asynchronous);
        await store.WriteAsync(RelayPath.Parse("small/" + Path.GetFileName(f)), source, WriteMode.Overwrite, ct);
    }));
    var oursSmallDown = await TimeAsync(() => Parallel.ForEachAsync(smallFiles, new ParallelOptions { MaxDegreeOfParallelism = settings.Transfers }, async (f, ct) =>
    {
        await using var s = await store.OpenReadAsync(RelayPath.Parse("small/" + Path.GetFileName(f)), 0, ct);
        await s.CopyToAsync(Stream.Null, ct);
    }));
    var curlSmallDown = Time(() =>
    {
        foreach (var f in smallFiles)
        {
            Curl("-o", "/dev/null", $"{baseUrl}/curl/small/{Path.GetFileName(f)}");
        }
    });

    Verify(large, Path.Combine(scratch, "large.ours"));
    double Mb(TimeSpan t) => largeMib * 1.048576 / t.TotalSeconds;
    double Fps(TimeSpan t) => smallCount / t.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine($"{"",-28}{"ours",12}{"curl",12}{"ours/curl",12}");
    Line($"large up (MB/s)", Mb(oursUp), Mb(curlUp), "target >= 0.8");
    Line($"large down (MB/s)", Mb(oursDown), Mb(curlDown), "target >= 0.8");
    Line($"small up (files/s)", Fps(oursSmallUp), Fps(curlSmallUp), "target >= 3");
    Line($"small down (files/s)", Fps(oursSmallDown), Fps(curlSmallDown), "");
}
finally
{
    Run(Path.Combine(root, "scripts/servers/webdav/stop"), work, "--purge");
    Directory.Delete(scratch, recursive: true);
}

static void Line(string what, double ours, double curl, string target) =>
    Console.WriteLine(FormattableString.Invariant($"{what,-28}{ours,12:F1}{curl,12:F1}{ours / curl,11:F2}x  {target}"));

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task WriteRandomAsync(string path, long size)
{
    var buffer = new byte[1 << 20];
    await using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
    for (long done = 0; done < size; done += buffer.Length)
    {
        Random.Shared.NextBytes(buffer);
        await fs.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - done)));
    }
}

static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

static TimeSpan Time(Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    return sw.Elapsed;
}

static async Task<TimeSpan> TimeAsync(Func<Task> action)
{
    var sw = Stopwatch.StartNew();
    await action();
    return sw.Elapsed;
}

static void Curl(params string[] args) => Run("curl", ["-sf", "-u", $"{User}:{Password}", .. args]);

static void Mkcol(string url) => Run("curl", "-s", "-o", "/dev/null", "-u", $"{User}:{Password}", "-X", "MKCOL", url);

static void Run(string file, params string[] args)
{
    var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true };
    foreach (var a in args)
    {
        psi.ArgumentList.Add(a);
    }

    using var p = Process.Start(psi)!;
    p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', args.Where(a => !a.Contains(Password, StringComparison.Ordinal)))} failed ({p.ExitCode})");
    }
}

static void Verify(string a, string b)
{
    using var fa = File.OpenRead(a);
    using var fb = File.OpenRead(b);
    if (!System.Security.Cryptography.SHA256.HashData(fa).AsSpan().SequenceEqual(System.Security.Cryptography.SHA256.HashData(fb)))
    {
        throw new InvalidOperationException("downloaded file differs");
    }
}
