using System.Globalization;
using Escale.Relay.Ftp.Client;

namespace Escale.Relay.Ftp.Quirks;

/// <summary>
/// What differs between server families, one small subclass each (chosen from the greeting, SYST and
/// FEAT). The base class is the behaviour of a standard RFC 959/3659 server; a subclass overrides only
/// what its server does differently and says why. Capabilities that can be measured (rename over an
/// existing file, dot-files) are probed at connect instead of assumed here.
/// </summary>
internal class FtpServerQuirks
{
    public virtual string Name => "generic FTP server";

    /// <summary>Lists the current directory (the store changes into it first). MLSD when offered: exact sizes, times to the second, every name.</summary>
    public virtual string ListCommand(FtpFeatures features) =>
        // "-a": Unix servers hide dot-files from a bare LIST, and Escale's locks and placeholders are dot-files.
        features.Mlsd ? "MLSD" : "LIST -a";

    /// <summary>How mtimes are set: MFMT (draft-somers-ftp-mfxx) when offered.</summary>
    public virtual string? SetModifiedTimeCommand(FtpFeatures features, string path, DateTimeOffset time) =>
        features.Mfmt ? $"MFMT {Stamp(time)} {path}" : null;

    /// <summary>Names the server keeps for itself in a user's folders; the relay never sees them.</summary>
    public virtual bool IsServerFile(string name) => false;

    /// <summary>What REST n + STOR does to bytes after n: kept (most servers), cut (true), or unknown (null).</summary>
    public virtual bool? RestStoreTruncates => null;

    public virtual string Notes => "";

    /// <summary>
    /// The greeting names the server by default; when an admin hid it (ftpd_banner, ServerIdent off),
    /// FEAT still tells: only ProFTPD announces CSID and RANG, only Pure-FTPd ESTA.
    /// </summary>
    public static FtpServerQuirks Detect(string banner, FtpFeatures features)
    {
        if (banner.Contains("vsFTPd", StringComparison.OrdinalIgnoreCase))
        {
            return new VsftpdQuirks();
        }

        if (banner.Contains("Pure-FTPd", StringComparison.OrdinalIgnoreCase) || features.Has("ESTA"))
        {
            return new PureFtpdQuirks();
        }

        if (banner.Contains("ProFTPD", StringComparison.OrdinalIgnoreCase) || (features.Has("CSID") && features.Has("RANG")))
        {
            return new ProftpdQuirks();
        }

        return new FtpServerQuirks();
    }

    protected static string Stamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
