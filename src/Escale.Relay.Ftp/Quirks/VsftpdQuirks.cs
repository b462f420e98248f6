using Escale.Relay.Ftp.Client;

namespace Escale.Relay.Ftp.Quirks;

/// <summary>
/// vsftpd (3.0.x). No MLSD/MLST and no MFMT: listings come from LIST, whose times are to the minute;
/// a bare LIST hides dot-files unless the admin set force_dot_files, "LIST -a" shows them. The mtime is
/// set with the non-standard two-argument <c>MDTM YYYYMMDDHHMMSS path</c> (mdtm_write, on by default).
/// SIZE on a directory answers 550, so "is it a directory" is asked with CWD. With TLS, data
/// connections must resume the control connection's session (require_ssl_reuse=YES by default).
/// </summary>
internal sealed class VsftpdQuirks : FtpServerQuirks
{
    public override string Name => "vsftpd";

    public override string ListCommand(FtpFeatures features) => "LIST -a";

    public override string? SetModifiedTimeCommand(FtpFeatures features, string path, DateTimeOffset time) =>
        $"MDTM {Stamp(time)} {path}";

    public override bool? RestStoreTruncates => false;

    public override string Notes => "no MLSD: LIST times to the minute; mtime via 'MDTM time path'; TLS data needs session reuse";
}
