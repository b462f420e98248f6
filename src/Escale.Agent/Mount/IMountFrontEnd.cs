namespace Escale.Agent.Mount;

/// <summary>
/// One way of showing the mount's virtual folder to programs (FUSE, or the WebDAV front-end with
/// the operating system's WebDAV client on top). <see cref="MountSession"/> owns its lifecycle.
/// </summary>
public interface IMountFrontEnd : IAsyncDisposable
{
    /// <summary>What the user is told once it serves ("mounted [name] on X", "serving [name] at URL").</summary>
    string Describe(string repository);

    /// <summary>Where agents and escale-mount -u find it: the mount point, or the URL when nothing is mounted.</summary>
    string Location { get; }

    /// <summary>Completes when the front-end went away on its own (fusermount -u, the OS client unmounted).</summary>
    Task Completion { get; }

    /// <summary>Stops accepting changes: unmounts (and stops the server). Idempotent.</summary>
    Task StopAsync();
}
