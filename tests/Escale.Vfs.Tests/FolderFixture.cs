using Escale.Testing;
using Escale.Testing.Vfs;
using Escale.Vfs;
using Escale.Vfs.Mirror;

namespace Escale.Vfs.Tests;

/// <summary>A <see cref="MirrorFolder"/> over a temp folder with test offers, driven directly: no mount, no front-end.</summary>
public sealed class FolderFixture : IDisposable
{
    private readonly TempDir _dir = new("escale-vfs");

    public FolderFixture(TimeSpan? fetchTimeout = null)
    {
        Mirror = _dir.Sub("mirror");
        Relay = new FakeRelay(Mirror);
        Folder = new MirrorFolder(Mirror, Relay, Relay, new MirrorFolderOptions { FetchTimeout = fetchTimeout ?? TimeSpan.FromSeconds(8) });
    }

    public string Mirror { get; }

    public FakeRelay Relay { get; }

    public MirrorFolder Folder { get; }

    public string Full(string relative) => Path.Combine(Mirror, relative);

    public byte[] ReadAll(string path)
    {
        Assert.Equal(VfsError.Ok, Folder.Open(path, VfsOpenFlags.Read, out var h, out _));
        try
        {
            Assert.Equal(VfsError.Ok, Folder.GetAttributes(path, h, out var a));
            var buffer = new byte[a.Size];
            Assert.Equal(VfsError.Ok, Folder.Read(h, buffer, 0, out var n));
            return buffer[..n];
        }
        finally
        {
            Folder.Release(h);
        }
    }

    public void WriteAll(string path, byte[] data)
    {
        Assert.Equal(VfsError.Ok, Folder.Create(path, VfsOpenFlags.ReadWrite | VfsOpenFlags.Truncate, (UnixFileMode)0b110_100_100, out var h, out _));
        Assert.Equal(VfsError.Ok, Folder.Write(h, data, 0, out _));
        Assert.Equal(VfsError.Ok, Folder.Flush(h));
        Assert.Equal(VfsError.Ok, Folder.Release(h));
    }

    public void Dispose()
    {
        Folder.Dispose();
        _dir.Dispose();
    }
}
