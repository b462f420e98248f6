using Escale.Core.Paths;
using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Tests.Servers;

namespace Escale.Relay.Ftp.Tests;

/// <summary>
/// Holes 1 and 7 of issue 11: FTP temps and probes carried no owner tag (<c>00000000</c>), so a node
/// never recognised its own leftovers at restart; a refused STOR left its temp behind.
/// </summary>
[Collection("pure-ftpd")]
public sealed class OwnerTaggedTempTests(PureFtpdServer server)
{
    [Fact]
    public async Task The_temporary_upload_carries_this_nodes_tag_and_nothing_is_left()
    {
        var relayDir = "/tag-" + Guid.NewGuid().ToString("N")[..8];
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit, relayDir);
        var onDisk = Path.Combine(server.Root, relayDir.TrimStart('/'));
        Assert.Empty(Directory.GetFiles(onDisk)); // the probe's files are gone

        var seen = new List<string>();
        var content = new SpyStream(new MemoryStream(new byte[300_000]), () => seen.AddRange(Directory.GetFiles(onDisk).Select(Path.GetFileName)!));
        await store.WriteAsync(RelayPath.Parse("f.bin"), content, WriteMode.Overwrite, CancellationToken.None);

        var temp = Assert.Single(seen, n => RelayTempNames.IsTemp(n));
        Assert.Equal(RelayTempNames.TagOf("ftp-tests"), RelayTempNames.OwnerTagOf(temp));
        Assert.Equal(["f.bin"], Directory.GetFiles(onDisk).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_refused_store_leaves_no_temporary_upload()
    {
        var relayDir = "/refused-" + Guid.NewGuid().ToString("N")[..8];
        await using var store = await server.ConnectAsync(FtpTlsMode.Explicit, relayDir);
        var onDisk = Path.Combine(server.Root, relayDir.TrimStart('/'));
        // The source fails half-way (a file changed under the codec): the server got part of the temp.
        var failing = new SpyStream(new MemoryStream(new byte[2_000_000]), () => { }, failAfter: 500_000);
        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(RelayPath.Parse("g.bin"), failing, WriteMode.Overwrite, CancellationToken.None));
        await store.WriteAsync(RelayPath.Parse("h.bin"), new MemoryStream([1]), WriteMode.Overwrite, CancellationToken.None);
        Assert.Equal(["h.bin"], Directory.GetFiles(onDisk).Select(Path.GetFileName));
    }

    /// <summary>Calls back once the upload is under way (after the first 64 KiB); can fail part-way.</summary>
    private sealed class SpyStream(Stream inner, Action midway, long failAfter = long.MaxValue) : ReadOnlyStream(inner)
    {
        private bool _called;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (BytesRead >= 1 << 16 && !_called)
            {
                _called = true;
                midway();
            }

            if (BytesRead >= failAfter)
            {
                throw new IOException("the file changed while being read");
            }

            var n = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, 1 << 16)], cancellationToken);
            BytesRead += n;
            return n;
        }
    }
}
