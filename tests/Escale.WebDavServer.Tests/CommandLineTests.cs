using System.Text;
using Escale.Agent.Mount;

namespace Escale.WebDavServer.Tests;

/// <summary>
/// The command lines escale-mount runs on each platform, as pure functions: the Windows and macOS
/// ones cannot run here, so their shape (and that the secret never is an argument) is what is tested.
/// </summary>
public sealed class CommandLineTests
{
    private static readonly Uri Url = new("http://127.0.0.1:24123/");
    private const string Secret = "s3cr3t-AbC_xyz";

    [Theory]
    [InlineData("-", true, PlatformKind.Linux, WebDavClient.UrlOnly, "-")]
    [InlineData("-", false, PlatformKind.Windows, WebDavClient.UrlOnly, "-")]
    [InlineData("/mnt/x", true, PlatformKind.Linux, WebDavClient.Davfs, "/mnt/x")]
    [InlineData("x:", false, PlatformKind.Windows, WebDavClient.NetUse, "X:")]
    [InlineData("Z:", true, PlatformKind.Windows, WebDavClient.NetUse, "Z:")]
    [InlineData("/Volumes/Shared", false, PlatformKind.MacOS, WebDavClient.MountWebDav, "/Volumes/Shared")]
    public void Targets_are_decided_per_platform(string argument, bool webdav, PlatformKind platform, WebDavClient client, string location)
    {
        var t = MountTarget.Decide(argument, webdav, platform, out var refusal);
        Assert.Null(refusal);
        Assert.Equal(new MountTarget(true, client, location), t);
    }

    [Fact]
    public void Without_webdav_linux_uses_fuse()
    {
        Assert.Equal(new MountTarget(false, WebDavClient.UrlOnly, "/mnt/x"), MountTarget.Decide("/mnt/x", false, PlatformKind.Linux, out _));
    }

    [Theory]
    [InlineData("C:\\Shared", PlatformKind.Windows, "drive letter such as X:")]
    [InlineData("XY:", PlatformKind.Windows, "drive letter such as X:")]
    [InlineData("X:", PlatformKind.Linux, "Windows drive letter")]
    public void Wrong_mount_points_are_refused_with_one_line(string argument, PlatformKind platform, string expected)
    {
        Assert.Null(MountTarget.Decide(argument, true, platform, out var refusal));
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal!);
    }

    [Fact]
    public void Net_use_maps_the_drive_and_reads_the_password_from_stdin()
    {
        var map = WebDavClientCommands.NetUse("x:", Url, "escale", Secret);
        Assert.Equal("net", map.File);
        Assert.Equal(["use", "X:", "http://127.0.0.1:24123/", "*", "/user:escale", "/persistent:no"], map.Arguments);
        Assert.Equal(Secret + "\r\n", Encoding.UTF8.GetString(map.Input!));
        Assert.DoesNotContain(Secret, map.ToString(), StringComparison.Ordinal);

        var unmap = WebDavClientCommands.NetUseDelete("x:");
        Assert.Equal(["use", "X:", "/delete", "/y"], unmap.Arguments);
        Assert.Throws<ArgumentException>(() => WebDavClientCommands.NetUse("C:\\x", Url, "escale", Secret));
    }

    [Fact]
    public void Mount_webdav_reads_length_prefixed_credentials_from_stdin()
    {
        var mount = WebDavClientCommands.MountWebDav(Url, "/Volumes/Shared", "Shared", "escale", Secret);
        Assert.Equal("mount_webdav", mount.File);
        Assert.Equal(["-s", "-S", "-a", "0", "-v", "Shared", "http://127.0.0.1:24123/", "/Volumes/Shared"], mount.Arguments);
        var input = mount.Input!;
        Assert.Equal(6u, BitConverter.ToUInt32(input, 0));
        Assert.Equal("escale", Encoding.UTF8.GetString(input, 4, 6));
        Assert.Equal((uint)Secret.Length, BitConverter.ToUInt32(input, 10));
        Assert.Equal(Secret, Encoding.UTF8.GetString(input, 14, Secret.Length));
        Assert.Equal(["/Volumes/Shared"], WebDavClientCommands.MacUnmount("/Volumes/Shared").Arguments);
    }

    [Fact]
    public void Davfs_gets_the_user_as_option_and_the_password_on_stdin()
    {
        var mount = WebDavClientCommands.DavfsMount(Url, "/mnt/x", "/run/conf", "escale", Secret, 1000, 1000);
        Assert.Equal("mount.davfs", mount.File);
        Assert.Equal("http://127.0.0.1:24123/", mount.Arguments[0]);
        Assert.Equal("/mnt/x", mount.Arguments[1]);
        Assert.Contains("username=escale,conf=/run/conf,uid=1000,gid=1000", mount.Arguments[3], StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, string.Join(' ', mount.Arguments), StringComparison.Ordinal);
        Assert.Equal(Secret + "\n", Encoding.UTF8.GetString(mount.Input!));
        Assert.Contains("delay_upload 0", WebDavClientCommands.DavfsConfiguration(), StringComparison.Ordinal);
        Assert.Contains("buf_size 64", WebDavClientCommands.DavfsConfiguration(), StringComparison.Ordinal);
    }
}
