using Escale.Agent.Operations;
using Escale.Cli.Commands;
using Escale.Fuse;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// The FILE of escalectl verbs may be named in the local folder or in the mount point of the running
/// agent, absolute or relative to the working folder inside either (else to the local folder).
/// </summary>
public sealed class MountPathTests : IDisposable
{
    private readonly TempDir _dir = new("paths");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("/home/u/Shared/report.pdf", "/tmp", "report.pdf")] // in the mount
    [InlineData("/home/u/Shared/a/b.txt", "/tmp", "a/b.txt")]
    [InlineData("/home/u/.mirror/a/b.txt", "/tmp", "a/b.txt")] // in the local folder
    [InlineData("a/b.txt", "/tmp", "a/b.txt")] // outside both: relative to the local folder, as before
    [InlineData("b.txt", "/home/u/Shared/a", "a/b.txt")] // inside the mount: relative to the working folder
    [InlineData("../c.txt", "/home/u/Shared/a", "c.txt")]
    [InlineData("b.txt", "/home/u/.mirror/a", "a/b.txt")]
    [InlineData("./b.txt", "/home/u/Shared", "b.txt")]
    public void Paths_in_the_mount_or_the_local_folder(string file, string cwd, string expected) =>
        Assert.Equal(expected, CtlFilePath.Relative(file, cwd, "/home/u/.mirror", ["/home/u/Shared"]));

    [Theory]
    [InlineData("/home/u/other/x", new[] { "/home/u/Shared" }, "/home/u/other/x: not inside the repository's local folder /home/u/.mirror or its mount point /home/u/Shared")]
    [InlineData("/home/u/Shared/x", new string[0], "/home/u/Shared/x: not inside the repository's local folder /home/u/.mirror (and no running agent serves it in a mount point)")]
    [InlineData("/home/u/Shared", new[] { "/home/u/Shared" }, "/home/u/Shared: not inside")] // the root itself is no file
    [InlineData("../x", new[] { "/home/u/Shared" }, "../x: not inside")]
    public void Paths_outside_are_one_line_naming_both_places(string file, string[] mounts, string expected)
    {
        var e = Assert.Throws<OperationException>(() => CtlFilePath.Relative(file, "/tmp", "/home/u/.mirror", mounts));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_agent_a_relative_path_is_taken_from_the_working_folder_inside_the_local_folder()
    {
        using var setup = new TwoNodeSetup();
        Directory.CreateDirectory(Path.Combine(setup.A, "sub"));
        File.WriteAllText(Path.Combine(setup.A, "sub", "x.txt"), "x");
        var (code, output) = await CliProcess.RunAsync("escalectl", ["access", "-c", setup.ConfA, "x.txt", "r-"], workingDirectory: Path.Combine(setup.A, "sub"));
        Assert.True(code == 0, output);
        Assert.StartsWith("sub/x.txt: r-", output, StringComparison.Ordinal);
        (code, output) = await CliProcess.RunAsync("escalectl", ["access", "-c", setup.ConfA, "sub/x.txt"], workingDirectory: setup.Root);
        Assert.True(code == 0, output);
        Assert.StartsWith("sub/x.txt: r-", output, StringComparison.Ordinal);
        (code, output) = await CliProcess.RunAsync("escalectl", ["confirm", "-c", setup.ConfA, Path.Combine(setup.Root, "elsewhere.txt")]);
        Assert.Equal(2, code);
        Assert.Contains("not inside the repository's local folder", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Access_and_confirm_accept_a_path_in_the_mount_of_the_running_agent()
    {
        Prerequisite.Require(FuseHost.Availability());
        var relay = _dir.Sub("relay");
        var mount = _dir.Sub("mnt");
        var mirror = Path.Combine(_dir.Path, "mirror");
        var conf = Path.Combine(_dir.Path, "m.conf");
        File.WriteAllText(conf, $"[docs]\nrelay dir = {relay}\nlocal path = {mirror}\nclient = mountA\ncache dir = {_dir.Path}/cache\nwriteback delay = 1\nrefresh = 2\n");
        using var agent = CliProcess.Start("escale-mount", ["-c", conf, mount]);
        try
        {
            await Until(() => agent.Output.Contains("mounted [", StringComparison.Ordinal) || agent.HasExited);
            Assert.False(agent.HasExited, agent.Output);
            Directory.CreateDirectory(Path.Combine(mount, "sub"));
            File.WriteAllText(Path.Combine(mount, "sub", "report.txt"), "in the mount");

            var (code, output) = await CliProcess.RunAsync("escalectl", ["access", "-c", conf, Path.Combine(mount, "sub", "report.txt"), "r-"]);
            Assert.True(code == 0, output);
            Assert.StartsWith("sub/report.txt: r-", output, StringComparison.Ordinal);

            // The same file named through the local folder, and relative to a working folder in the mount.
            (code, output) = await CliProcess.RunAsync("escalectl", ["access", "-c", conf, Path.Combine(mirror, "sub", "report.txt")]);
            Assert.True(code == 0, output);
            Assert.StartsWith("sub/report.txt: r-", output, StringComparison.Ordinal);
            (code, output) = await CliProcess.RunAsync("escalectl", ["access", "-c", conf, "report.txt", "r?"], workingDirectory: Path.Combine(mount, "sub"));
            Assert.True(code == 0, output);
            Assert.StartsWith("sub/report.txt: r?", output, StringComparison.Ordinal);

            // confirm resolves the mount path too: the file is simply not held back.
            (code, output) = await CliProcess.RunAsync("escalectl", ["confirm", "-c", conf, Path.Combine(mount, "sub", "report.txt")]);
            Assert.Equal(2, code);
            Assert.Contains("sub/report.txt: not held back as an interrupted write", output, StringComparison.Ordinal);
        }
        finally
        {
            var (code, output) = await CliProcess.RunAsync("escale-mount", ["-u", mount]);
            Assert.True(code == 0, output);
            await agent.WaitAsync(TimeSpan.FromSeconds(60));
            if (FuseHost.IsMounted(mount))
            {
                FuseHost.Detach(mount, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            }
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(200);
        }
    }
}
