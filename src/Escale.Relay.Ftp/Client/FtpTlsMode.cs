namespace Escale.Relay.Ftp.Client;

public enum FtpTlsMode
{
    /// <summary>Plain FTP: credentials and data in clear text.</summary>
    None,

    /// <summary>AUTH TLS on the control connection, then PBSZ 0 / PROT P (RFC 4217); usually port 21.</summary>
    Explicit,

    /// <summary>TLS from the first byte (the pre-RFC 4217 convention); usually port 990.</summary>
    Implicit,
}
