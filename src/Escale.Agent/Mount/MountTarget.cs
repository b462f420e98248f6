namespace Escale.Agent.Mount;

/// <summary>What escale-mount was asked to do, decided from the arguments and the platform (a pure function, tested as a table).</summary>
/// <param name="WebDav">False: FUSE on <see cref="Location"/>.</param>
public sealed record MountTarget(bool WebDav, WebDavClient Client, string Location)
{
    /// <param name="argument">The MOUNTPOINT argument: a directory, a drive letter (Windows) or "-".</param>
    /// <param name="webdavAsked">--webdav was given.</param>
    /// <returns>The target, or null with <paramref name="refusal"/> set (one line for the user).</returns>
    public static MountTarget? Decide(string argument, bool webdavAsked, PlatformKind platform, out string? refusal)
    {
        refusal = null;
        if (argument == "-")
        {
            return new MountTarget(true, WebDavClient.UrlOnly, "-");
        }

        switch (platform)
        {
            case PlatformKind.Windows:
                if (!WebDavClientCommands.IsDriveLetter(argument))
                {
                    refusal = $"on Windows the mount point is a drive letter such as X: (got '{argument}'), or '-' for the URL only";
                    return null;
                }

                return new MountTarget(true, WebDavClient.NetUse, char.ToUpperInvariant(argument[0]) + ":");
            case PlatformKind.MacOS:
                return new MountTarget(true, WebDavClient.MountWebDav, argument);
            default:
                if (WebDavClientCommands.IsDriveLetter(argument))
                {
                    refusal = $"'{argument}' is a Windows drive letter; here the mount point is a directory";
                    return null;
                }

                return webdavAsked ? new MountTarget(true, WebDavClient.Davfs, argument) : new MountTarget(false, WebDavClient.UrlOnly, argument);
        }
    }
}
