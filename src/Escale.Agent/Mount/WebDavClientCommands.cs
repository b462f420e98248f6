using System.Globalization;
using System.Text;

namespace Escale.Agent.Mount;

/// <summary>
/// The operating systems' own WebDAV clients, as pure command lines (unit-tested; Windows and
/// macOS ones were not run here, README says so). The password always travels on standard input
/// or in a private file, never as an argument.
/// </summary>
public static class WebDavClientCommands
{
    /// <summary>
    /// davfs2: <c>mount.davfs URL MP -o username=escale,conf=FILE</c>; with username= it reads the
    /// password from stdin (mount.davfs(8)). The conf file sets no upload delay, so a closed file
    /// reaches the front-end (and the write-back queue) at once.
    /// </summary>
    public static OsCommand DavfsMount(Uri url, string mountPoint, string confFile, string user, string secret, int uid, int gid) =>
        new("mount.davfs",
            [url.ToString(), mountPoint, "-o", string.Create(CultureInfo.InvariantCulture, $"username={user},conf={confFile},uid={uid},gid={gid},file_mode=0644,dir_mode=0755")],
            Encoding.UTF8.GetBytes(secret + "\n"));

    /// <summary>umount waits for davfs2 to upload what is still in its cache.</summary>
    public static OsCommand DavfsUnmount(string mountPoint) => new("umount", [mountPoint]);

    /// <summary>
    /// davfs2 user configuration for our mount (davfs2.conf(5)). The cache stays davfs2's own: run
    /// by root, mount.davfs drops to the davfs2 user, which could not enter our private folder.
    /// </summary>
    public static string DavfsConfiguration() => """
        # written by escale-mount for this mount only
        # Linux >= 6.16 asks FUSE readdir for more than davfs2's default 16 KiB buffer: "ls" fails with EINVAL without this
        buf_size 64
        # listings are cached 60 s by default; offers from other nodes should appear sooner
        dir_refresh 5
        delay_upload 0
        use_locks 1
        ask_auth 0
        gui_optimize 1
        """ + "\n";

    /// <summary>
    /// Windows: <c>net use X: http://127.0.0.1:PORT/ /user:escale * /persistent:no</c>; the "*" makes
    /// net read the password, which we write to its standard input.
    /// </summary>
    public static OsCommand NetUse(string drive, Uri url, string user, string secret) =>
        new("net", ["use", NormalizeDrive(drive), url.ToString(), "*", "/user:" + user, "/persistent:no"], Encoding.UTF8.GetBytes(secret + "\r\n"));

    public static OsCommand NetUseDelete(string drive) => new("net", ["use", NormalizeDrive(drive), "/delete", "/y"]);

    /// <summary>
    /// macOS: <c>mount_webdav -s -S -a 0 -v NAME URL MP</c>; -a 0 reads the credentials from stdin
    /// as two length-prefixed strings (user, then password), see <see cref="MacCredentials"/>.
    /// </summary>
    public static OsCommand MountWebDav(Uri url, string mountPoint, string volumeName, string user, string secret) =>
        new("mount_webdav", ["-s", "-S", "-a", "0", "-v", volumeName, url.ToString(), mountPoint], MacCredentials(user, secret));

    public static OsCommand MacUnmount(string mountPoint) => new("umount", [mountPoint]);

    /// <summary>The -a record: 32-bit length (host order, little-endian on every Mac we target) and bytes, for user then password.</summary>
    public static byte[] MacCredentials(string user, string secret)
    {
        var u = Encoding.UTF8.GetBytes(user);
        var p = Encoding.UTF8.GetBytes(secret);
        var record = new byte[8 + u.Length + p.Length];
        BitConverter.TryWriteBytes(record.AsSpan(0, 4), (uint)u.Length);
        u.CopyTo(record, 4);
        BitConverter.TryWriteBytes(record.AsSpan(4 + u.Length, 4), (uint)p.Length);
        p.CopyTo(record, 8 + u.Length);
        return record;
    }

    /// <summary>True for a Windows drive letter argument ("X:" or "x:").</summary>
    public static bool IsDriveLetter(string s) => s.Length == 2 && char.IsAsciiLetter(s[0]) && s[1] == ':';

    private static string NormalizeDrive(string drive) =>
        IsDriveLetter(drive) ? char.ToUpperInvariant(drive[0]) + ":" : throw new ArgumentException($"not a drive letter: {drive}", nameof(drive));
}
