namespace Escale.Relay.Ftp.Tests.Servers;

public enum FtpServerKind
{
    Vsftpd,
    PureFtpd,
    Proftpd,
}
