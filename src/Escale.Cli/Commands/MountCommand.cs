using System.CommandLine;

namespace Escale.Cli.Commands;

/// <summary><c>escale-mount [-c FILE] [-r SECTION] MOUNTPOINT</c> and <c>escale-mount -u MOUNTPOINT</c>.</summary>
public static class MountCommand
{
    public static RootCommand Build()
    {
        var config = Cli.ConfigOption();
        var section = new Option<string?>("--repository", "-r") { Description = "the section to mount when the configuration has several", HelpName = "SECTION" };
        var unmount = new Option<bool>("--unmount", "-u") { Description = "drain the queue, release locks and unmount MOUNTPOINT" };
        var mountpoint = new Argument<string>("MOUNTPOINT") { Description = "an empty directory where the repository appears" };
        var root = new RootCommand("escale-mount: a repository as a mounted folder (FUSE)") { config, section, unmount, mountpoint };
        root.SetAction(_ =>
        {
            Console.Error.WriteLine("escale-mount: the FUSE front-end is not part of this build yet; use 'escale' for plain-folder sync");
            return ExitCodes.Usage;
        });
        return root;
    }
}
