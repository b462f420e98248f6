using System.Diagnostics;
using System.Globalization;
using Escale.Core.Config;
using Escale.Crypto;
using Escale.Relay;
using Escale.Relay.Local;
using Escale.Sync;
using Escale.Sync.State;
using Microsoft.Extensions.Logging.Abstractions;

// Two nodes on a local relay folder, in one process: node A pushes, node B pulls.
// Phase 1: N small files; phase 2: one large file. The baseline is cp of the same data twice
// (into a relay folder, then out of it) followed by sync, measured in the same run.
var args2 = args.ToList();
string Arg(string name, string fallback) => args2.IndexOf(name) is var i and >= 0 && i + 1 < args2.Count ? args2[i + 1] : fallback;
var files = int.Parse(Arg("--files", "1000"), CultureInfo.InvariantCulture);
var smallKiB = int.Parse(Arg("--small-kib", "64"), CultureInfo.InvariantCulture);
var largeMiB = int.Parse(Arg("--large-mib", "1024"), CultureInfo.InvariantCulture);
var encryption = Arg("--encryption", "off");
var root = Arg("--dir", Path.Combine(Path.GetTempPath(), "escale-bench-" + Environment.ProcessId));

Directory.CreateDirectory(root);
Console.WriteLine($"sync-local: {files} x {smallKiB} KiB, then 1 x {largeMiB} MiB; encryption {encryption}; in {root}");
try
{
    var small = Prepare(Path.Combine(root, "src-small"), files, smallKiB * 1024L);
    var large = Prepare(Path.Combine(root, "src-large"), 1, largeMiB * 1024L * 1024);

    var cpSmall = TimeCp(small, Path.Combine(root, "cp-small"));
    var cpLarge = TimeCp(large, Path.Combine(root, "cp-large"));

    var (smallTime, pushOps, pullOps, _) = await RunAsync(small, "small", encryption, root, measureRss: false);
    var (largeTime, _, _, rss) = await RunAsync(large, "large", encryption, root, measureRss: true);

    var smallMb = files * smallKiB / 1024.0;
    Console.WriteLine();
    Console.WriteLine($"small files: {files / smallTime.TotalSeconds:F0} files/s ({smallMb / smallTime.TotalSeconds:F1} MiB/s) push+pull; cp x2 {files / cpSmall.TotalSeconds:F0} files/s; time ratio escale/cp = {smallTime / cpSmall:F2}");
    Console.WriteLine($"relay operations per file: push {pushOps / (double)files:F2}, pull {pullOps / (double)files:F2} (target: at most 6 per file per puller)");
    Console.WriteLine($"large file: {largeMiB / largeTime.TotalSeconds:F0} MiB/s push+pull ({largeTime.TotalSeconds:F2} s); cp x2 {largeMiB / cpLarge.TotalSeconds:F0} MiB/s ({cpLarge.TotalSeconds:F2} s); time ratio escale/cp = {largeTime / cpLarge:F2} (target <= 2)");
    Console.WriteLine($"peak RSS while moving the large file: {rss / 1048576.0:F0} MiB (target <= 150)");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static string Prepare(string dir, int count, long size)
{
    Directory.CreateDirectory(dir);
    var buffer = new byte[1 << 20];
    var random = new Random(42);
    for (var i = 0; i < count; i++)
    {
        using var fs = File.Create(Path.Combine(dir, $"d{i % 10}", $"f{i:D5}.bin").Also(p => Directory.CreateDirectory(Path.GetDirectoryName(p)!)));
        for (long left = size; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            fs.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
    }

    foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
    {
        File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddMinutes(-5));
    }

    Sync();
    return dir;
}

static TimeSpan TimeCp(string source, string work)
{
    var sw = Stopwatch.StartNew();
    Run("cp", "-r", source, work + "-relay");
    Sync();
    Run("cp", "-r", work + "-relay", work + "-dest");
    Sync();
    sw.Stop();
    Run("rm", "-rf", work + "-relay", work + "-dest");
    return sw.Elapsed;
}

static async Task<(TimeSpan Time, long PushOps, long PullOps, long PeakRss)> RunAsync(string source, string name, string encryption, string root, bool measureRss)
{
    var relay = Path.Combine(root, name + "-relay");
    var dest = Path.Combine(root, name + "-dest");
    Directory.CreateDirectory(dest);
    var passphrase = Path.Combine(root, "passphrase");
    File.WriteAllText(passphrase, "bench passphrase");
    IPayloadCodec Codec(string node) => PayloadCodecs.Create(
        EscaleConfig.Parse($"[b]\nlocal path = {source}\nrelay dir = {relay}\nencryption = {encryption}\npassphrase = {passphrase}\n", "bench.conf").Repositories[0],
        Path.Combine(root, "keys-" + node));
    var codecA = Codec("a");
    var codecB = Codec("b");
    foreach (var codec in new[] { codecA, codecB })
    {
        // Derive keys now (scrypt: 128 MiB once per key), so the peak below is the transfer's own.
        codec.CreateChecksum().Dispose();
        codec.Encode(new MemoryStream(), new PayloadInfo("warm-up", 0, 0)).CopyTo(Stream.Null);
    }

    // Aggressive: give the freed scrypt buffers back to the OS, or RSS (and so the reset peak) keeps them.
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    if (measureRss)
    {
        File.WriteAllText("/proc/self/clear_refs", "5"); // reset the peak RSS counter (VmHWM)
    }

    var sw = Stopwatch.StartNew();
    var push = await Node("A", source, relay, codecA, Path.Combine(root, name + "-state-a"));
    var pull = await Node("B", dest, relay, codecB, Path.Combine(root, name + "-state-b"));
    sw.Stop();
    var rss = measureRss ? PeakRss() : 0;
    Run("rm", "-rf", relay, dest);
    return (sw.Elapsed, push, pull, rss);
}

static async Task<long> Node(string client, string local, string relay, IPayloadCodec codec, string stateDir)
{
    using var state = StateStore.Open(stateDir);
    var store = new CountingRelayStore(new LocalFolderStore(relay, RelayTempNames.TagOf(client)));
    var options = new SyncOptions { Client = client, LocalRoot = local, SettleTime = TimeSpan.Zero, PullerCount = 1 };
    var engine = new SyncEngine(new Reconciler(new SyncContext(store, codec, state, options, TimeProvider.System, NullLogger.Instance)));
    var result = await engine.RunOnceAsync(CancellationToken.None);
    if (!result.IsComplete || result.Failed > 0)
    {
        throw new InvalidOperationException($"node {client} did not finish: {result}");
    }

    return store.Operations;
}

static long PeakRss()
{
    var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

static void Sync() => Run("sync");

static void Run(string file, params string[] arguments)
{
    using var p = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
    p.WaitForExit();
}

internal static class Extensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
