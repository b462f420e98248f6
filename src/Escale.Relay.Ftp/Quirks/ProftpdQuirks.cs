namespace Escale.Relay.Ftp.Quirks;

/// <summary>
/// ProFTPD (1.3.x). Standard MLSD/MLST/MFMT. Overwriting (STOR or RNTO onto an existing file) is
/// refused with 550 unless the admin set "AllowOverwrite on": the connect-time probe finds out, and
/// the store then deletes the target before renaming (not atomic; capabilities say so). With mod_tls,
/// data connections must resume the control connection's TLS session unless
/// "TLSOptions NoSessionReuseRequired" is set.
/// </summary>
internal sealed class ProftpdQuirks : FtpServerQuirks
{
    public override string Name => "ProFTPD";

    public override bool? RestStoreTruncates => false;

    public override string Notes => "rename/STOR over a file needs AllowOverwrite on; TLS data needs session reuse";
}
