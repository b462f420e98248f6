namespace Escale.Vfs;

/// <summary>
/// What the sync side offers the mount: files on the relay that are not (or not up to date) in
/// the local mirror. Implemented by the sync engine; the mount never talks to a relay itself.
/// </summary>
/// <remarks>
/// <see cref="ListOffers"/>, <see cref="FindOffer"/> and <see cref="DescribeState"/> are called
/// on kernel request threads for every lookup and listing: answer from memory, never from the
/// network, and never block on a lock held across network I/O.
/// </remarks>
public interface IRelayOffers
{
    /// <summary>Offers directly inside <paramref name="relativeDirectory"/> ("" = root): files, and folders that hold offers deeper down.</summary>
    IReadOnlyList<OfferedFile> ListOffers(string relativeDirectory);

    /// <summary>The offer at exactly this path (file or folder), or null.</summary>
    OfferedFile? FindOffer(string relativePath);

    /// <summary>
    /// Runs the pull protocol (lock, download, verify, install, register) for one offered file.
    /// When it completes the file is in the mirror and <see cref="FindOffer"/> no longer returns
    /// it. The mount bounds the wait and shares one call among concurrent opens; it cancels
    /// <paramref name="ct"/> only when the mount stops.
    /// </summary>
    Task FetchAsync(string relativePath, CancellationToken ct);

    /// <summary>The value of xattr user.escale.state: local | queued | pushing | on relay (pulled by 1 of 2) | offered | conflict.</summary>
    string DescribeState(string relativePath);

    /// <summary>Raised (on any thread but a mount callback) after the sync side changed the mirror or the offers at a path, so the kernel's caches of that path are dropped.</summary>
    event Action<string>? Changed;
}
