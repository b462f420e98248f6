namespace Escale.WebDavServer.Locks;

/// <summary>One granted write lock (RFC 4918 §6). <see cref="Owner"/> is the client's owner XML, kept verbatim.</summary>
internal sealed record DavLock(string Token, string Root, bool Infinite, bool Exclusive, string? Owner, TimeSpan Timeout, DateTimeOffset Expires)
{
    /// <summary>True when this lock covers <paramref name="path"/> (its root, or below it for depth infinity).</summary>
    public bool Covers(string path) => path == Root || (Infinite && DavPath.IsAtOrBelow(path, Root));
}
