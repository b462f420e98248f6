using System.Diagnostics;
using Escale.Core.Paths;
using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Tests.Servers;
using Escale.Relay.Ftp.Tests.Support;
using Escale.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escale.Relay.Ftp.Tests;

/// <summary>
/// Broken networks against a real server, with explicit TLS (the harder path: a data connection is a
/// TCP connect plus a resumed TLS session). Data-connection faults go through <see cref="DataProxies"/>,
/// control-connection faults through a <see cref="TcpFaultProxy"/> in front of the control port.
/// </summary>
public abstract class FtpFaultTests(FtpTestServer server)
{
    private static readonly RelayPath File = RelayPath.Parse("dir/file.bin");

    [Fact]
    public async Task Cut_data_connection_mid_download_then_resume_from_the_offset()
    {
        await using var proxies = new DataProxies();
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, dataMap: proxies.Map));
        await store.WriteAsync(File, new PatternStream(4 << 20), WriteMode.Overwrite, CancellationToken.None);
        proxies.Arm((p, _) => p.CutAfterDownstreamBytes = 1 << 20);
        var got = 0L;
        var e = await Assert.ThrowsAsync<RelayException>(async () =>
        {
            await using var s = await store.OpenReadAsync(File, 0, CancellationToken.None);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await s.ReadAsync(buffer)) > 0)
            {
                got += n;
            }
        });
        Assert.Equal(RelayErrorKind.Transient, e.Kind);
        Assert.InRange(got, 1, (4 << 20) - 1);
        proxies.Arm(null);
        await using var rest = await store.OpenReadAsync(File, got, CancellationToken.None);
        Assert.Equal((4 << 20) - got, await PatternStream.VerifyAsync(rest, got));
    }

    [Fact]
    public async Task Cut_data_connection_mid_upload_is_retried_intact_and_leaves_no_temp()
    {
        await using var proxies = new DataProxies();
        var ftp = await server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, dataMap: proxies.Map));
        await using var store = new RetryingRelayStore(ftp, NullLogger.Instance, attempts: 3, firstDelay: TimeSpan.FromMilliseconds(50));
        proxies.Arm((p, i) => p.CutAfterUpstreamBytes = i == 0 ? 1 << 20 : null);
        await store.WriteAsync(File, new PatternStream(6 << 20), WriteMode.Overwrite, CancellationToken.None);
        await AssertIntactAsync(store, 6 << 20);
    }

    [Fact]
    public async Task Cut_control_connection_mid_upload_is_retried_intact_and_leaves_no_temp()
    {
        var control = new TcpFaultProxy(server.Port);
        try
        {
            var ftp = await server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, port: control.Port));
            await using var store = new RetryingRelayStore(ftp, NullLogger.Instance, attempts: 3, firstDelay: TimeSpan.FromMilliseconds(50));
            var content = new PatternStream(6 << 20) { Tripwire = (1 << 20, control.CutEverything) };
            await store.WriteAsync(File, content, WriteMode.Overwrite, CancellationToken.None);
            await AssertIntactAsync(store, 6 << 20);
            Assert.True(ftp.Logins >= 2, "a new login after the cut");
        }
        finally
        {
            await control.DisposeSafelyAsync();
        }
    }

    [Fact]
    public async Task Stalled_download_fails_within_the_timeout()
    {
        await using var proxies = new DataProxies();
        var timeout = TimeSpan.FromSeconds(3);
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, timeout: timeout, dataMap: proxies.Map));
        await store.WriteAsync(File, new PatternStream(4 << 20), WriteMode.Overwrite, CancellationToken.None);
        proxies.Arm((p, _) => p.StallAfterDownstreamBytes = 256 << 10);
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RelayException>(async () =>
        {
            await using var s = await store.OpenReadAsync(File, 0, CancellationToken.None);
            await s.CopyToAsync(Stream.Null);
        });
        Assert.Equal(RelayErrorKind.Transient, e.Kind);
        Assert.InRange(clock.Elapsed, timeout * 0.9, timeout + TimeSpan.FromSeconds(3));
        proxies.Arm(null);
        Assert.Equal(4 << 20, (await store.StatAsync(File, CancellationToken.None))!.Size); // the store goes on
    }

    [Fact]
    public async Task Stalled_upload_fails_within_the_timeout_and_leaves_no_temp()
    {
        await using var proxies = new DataProxies();
        var timeout = TimeSpan.FromSeconds(3);
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, timeout: timeout, dataMap: proxies.Map));
        proxies.Arm((p, _) => p.StallAfterUpstreamBytes = 256 << 10);
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RelayException>(() => store.WriteAsync(File, new PatternStream(32 << 20), WriteMode.Overwrite, CancellationToken.None));
        Assert.Equal(RelayErrorKind.Transient, e.Kind);
        Assert.InRange(clock.Elapsed, timeout * 0.9, timeout * 2 + TimeSpan.FromSeconds(4));
        proxies.Arm(null);
        await store.WriteAsync(File, new PatternStream(1000), WriteMode.Overwrite, CancellationToken.None); // removes the leftover
        await AssertIntactAsync(store, 1000);
    }

    [Fact]
    public async Task Server_restart_mid_run_reconnects_on_the_next_operation()
    {
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit);
        await store.WriteAsync(File, new PatternStream(1 << 20), WriteMode.Overwrite, CancellationToken.None);
        var logins = store.Logins;
        await server.RestartAsync();
        // No retry decorator: the pool notices the dead idle connection and logs in again.
        await AssertIntactAsync(store, 1 << 20);
        Assert.True(store.Logins > logins);
    }

    [Fact]
    public async Task Wrong_password_is_one_clear_line_and_fast()
    {
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RelayException>(() =>
            server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, password: "wrong")));
        Assert.Equal(RelayErrorKind.Authentication, e.Kind);
        Assert.StartsWith($"login refused for user {FtpTestServer.User} on 127.0.0.1:{server.Port}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("wrong", e.Message);
        // One attempt, no retry loop: the time is the server's own delay before it answers 530
        // (vsftpd 1 s, delay_failed_login; Pure-FTPd a random 3-6 s against password guessing).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Untrusted_certificate_is_refused_with_its_fingerprint_which_can_then_be_pinned()
    {
        var e = await Assert.ThrowsAsync<RelayException>(() =>
            server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, certificates: FtpCertificatePolicy.Default)));
        Assert.Equal(RelayErrorKind.Permanent, e.Kind);
        Assert.DoesNotContain('\n', e.Message);
        var fingerprint = System.Text.RegularExpressions.Regex.Match(e.Message, "fingerprint is ([0-9A-F:]{95})").Groups[1].Value;
        Assert.NotEmpty(fingerprint);
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, certificates: FtpCertificatePolicy.Pinned(fingerprint, p => p)));
        await store.WriteAsync(File, new PatternStream(10), WriteMode.Overwrite, CancellationToken.None);
        var wrong = FtpCertificatePolicy.Pinned(new string('A', 64), p => p);
        var mismatch = await Assert.ThrowsAsync<RelayException>(() => server.ConnectAsync(FtpTlsMode.Explicit, options: server.Options(FtpTlsMode.Explicit, certificates: wrong)));
        Assert.Contains("does not match the pinned", mismatch.Message);
    }

    [Fact]
    public async Task Empty_and_200_MiB_files_round_trip()
    {
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit);
        await store.WriteAsync(RelayPath.Parse("empty"), new MemoryStream(), WriteMode.CreateNew, CancellationToken.None);
        Assert.Equal(0, (await store.StatAsync(RelayPath.Parse("empty"), CancellationToken.None))!.Size);
        const long big = 200L << 20;
        await store.WriteAsync(File, new PatternStream(big), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal(big, (await store.StatAsync(File, CancellationToken.None))!.Size);
        await using var s = await store.OpenReadAsync(File, 0, CancellationToken.None);
        Assert.Equal(big, await PatternStream.VerifyAsync(s, 0));
    }

    [Fact]
    public async Task Parallel_operations_share_a_bounded_pool()
    {
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit, transfers: 3);
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            store.WriteAsync(RelayPath.Parse($"p/{i}"), new PatternStream(10_000 + i), WriteMode.Overwrite, CancellationToken.None)));
        var entries = new List<RelayEntry>();
        await foreach (var entry in store.ListAsync(RelayPath.Parse("p"), CancellationToken.None))
        {
            entries.Add(entry);
        }

        Assert.Equal(30, entries.Count);
        Assert.All(entries, x => Assert.Equal(10_000 + int.Parse(x.Name), x.Size));
        Assert.InRange(store.Logins, 1, 3);
    }

    [Fact]
    public async Task Modified_time_can_be_set()
    {
        await using var store = await server.ConnectAsync(FtpTlsMode.None);
        await store.WriteAsync(File, new PatternStream(10), WriteMode.Overwrite, CancellationToken.None);
        var when = new DateTimeOffset(2021, 6, 7, 8, 9, 10, TimeSpan.Zero);
        Assert.True(await store.SetModifiedTimeAsync(File, when, CancellationToken.None));
        Assert.Equal(when, (await store.StatAsync(File, CancellationToken.None))!.Modified);
        var e = await Assert.ThrowsAsync<RelayException>(() => store.SetModifiedTimeAsync(RelayPath.Parse("missing"), when, CancellationToken.None));
        Assert.Equal(RelayErrorKind.NotFound, e.Kind);
    }

    private static async Task AssertIntactAsync(IRelayStore store, long length)
    {
        await using (var s = await store.OpenReadAsync(File, 0, CancellationToken.None))
        {
            Assert.Equal(length, await PatternStream.VerifyAsync(s, 0));
        }

        var names = new List<string>();
        await foreach (var e in store.ListAsync(File.Parent, CancellationToken.None))
        {
            names.Add(e.Name);
        }

        Assert.Equal([File.Name], names); // no temporary upload left behind
    }
}

[Collection("vsftpd")]
public sealed class VsftpdFaultTests(VsftpdServer server) : FtpFaultTests(server);

[Collection("pure-ftpd")]
public sealed class PureFtpdFaultTests(PureFtpdServer server) : FtpFaultTests(server);

[Collection("proftpd")]
public sealed class ProftpdFaultTests(ProftpdServer server) : FtpFaultTests(server);
