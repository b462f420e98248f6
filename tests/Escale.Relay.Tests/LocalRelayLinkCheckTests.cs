using Escale.Core.Paths;
using Escale.Relay.Local;
using Escale.Testing;

namespace Escale.Relay.Tests;

/// <summary>
/// The local relay tells links from files by the attributes it already has (issue 12: no readlink per
/// entry): links of every kind, dangling included, stay invisible to listings and stat.
/// </summary>
public sealed class LocalRelayLinkCheckTests
{
    [Fact]
    public async Task Links_of_every_kind_are_neither_listed_nor_stated_and_files_are()
    {
        using var dir = new TempDir("relay-linkcheck");
        var relay = Path.Combine(dir.Path, "relay");
        var outside = Path.Combine(dir.Path, "outside");
        Directory.CreateDirectory(relay);
        Directory.CreateDirectory(Path.Combine(outside, "sub"));
        File.WriteAllText(Path.Combine(outside, "secret"), "x");
        File.WriteAllText(Path.Combine(relay, "file.bin"), "data");
        Directory.CreateDirectory(Path.Combine(relay, "folder"));
        File.CreateSymbolicLink(Path.Combine(relay, "to-file"), Path.Combine(outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(relay, "to-folder"), Path.Combine(outside, "sub"));
        File.CreateSymbolicLink(Path.Combine(relay, "dangling"), Path.Combine(outside, "nothing"));

        var store = new LocalFolderStore(relay, "t");
        var names = new List<string>();
        await foreach (var e in store.ListAsync(RelayPath.Root, CancellationToken.None))
        {
            names.Add(e.Name);
        }

        Assert.Equal(["file.bin", "folder"], names.Order(StringComparer.Ordinal));
        foreach (var link in new[] { "to-file", "to-folder", "dangling", "missing" })
        {
            Assert.Null(await store.StatAsync(RelayPath.Root.Append(link), CancellationToken.None));
        }

        Assert.Equal(4, (await store.StatAsync(RelayPath.Root.Append("file.bin"), CancellationToken.None))!.Size);
        Assert.Equal(RelayEntryKind.Directory, (await store.StatAsync(RelayPath.Root.Append("folder"), CancellationToken.None))!.Kind);
    }
}
