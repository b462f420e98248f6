namespace Escale.Relay.Ftp.Tests.Servers;

// One server process per family, serving both plain FTP and explicit TLS; fixed ports in 21100-21899.
public sealed class VsftpdServer() : FtpTestServer(FtpServerKind.Vsftpd, 21110, 21200, 21399);

public sealed class PureFtpdServer() : FtpTestServer(FtpServerKind.PureFtpd, 21120, 21400, 21599);

public sealed class ProftpdServer() : FtpTestServer(FtpServerKind.Proftpd, 21130, 21600, 21799);

/// <summary>Pure-FTPd without TLS and with a 1 MB quota: for "TLS refused" and "quota reached".</summary>
public sealed class LimitedPureFtpdServer() : FtpTestServer(FtpServerKind.PureFtpd, 21140, 21800, 21849, "--no-tls", "--quota-mb", "1");

/// <summary>vsftpd speaking TLS from the first byte (implicit TLS, what port 990 usually serves).</summary>
public sealed class ImplicitTlsVsftpdServer() : FtpTestServer(FtpServerKind.Vsftpd, 21150, 21850, 21899, "--implicit-tls");

[CollectionDefinition("vsftpd")]
public sealed class VsftpdCollection : ICollectionFixture<VsftpdServer>;

[CollectionDefinition("pure-ftpd")]
public sealed class PureFtpdCollection : ICollectionFixture<PureFtpdServer>;

[CollectionDefinition("proftpd")]
public sealed class ProftpdCollection : ICollectionFixture<ProftpdServer>;

[CollectionDefinition("pure-ftpd-limited")]
public sealed class LimitedPureFtpdCollection : ICollectionFixture<LimitedPureFtpdServer>;

[CollectionDefinition("vsftpd-implicit")]
public sealed class ImplicitTlsVsftpdCollection : ICollectionFixture<ImplicitTlsVsftpdServer>;
