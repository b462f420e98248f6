namespace Escale.Agent.Mount;

/// <summary>Which WebDAV client mounts the front-end.</summary>
public enum WebDavClient
{
    /// <summary>None: the URL is printed for a file manager (mount point "-").</summary>
    UrlOnly,
    Davfs,
    NetUse,
    MountWebDav,
}
