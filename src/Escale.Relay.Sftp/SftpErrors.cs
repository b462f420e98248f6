using System.Net.Sockets;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace Escale.Relay.Sftp;

/// <summary>
/// The one place where SSH.NET's exceptions become <see cref="RelayException"/> kinds. SFTP v3 (what
/// OpenSSH speaks) has few status codes: EEXIST, ENOSPC and "directory not empty" all arrive as
/// SSH_FX_FAILURE, so the callers that can meet an existing file check for it themselves; a bare
/// failure is Permanent (retrying the same request gets the same answer). Lost connections, timeouts
/// and refused sockets are Transient: the next call reconnects.
/// </summary>
internal static class SftpErrors
{
    public static RelayException Translate(Exception e, string what) => e switch
    {
        RelayException r => r,
        SftpPathNotFoundException => new RelayException(RelayErrorKind.NotFound, $"{what}: not on the relay", e),
        SftpPermissionDeniedException => new RelayException(RelayErrorKind.Permanent, $"{what}: permission denied by the SFTP server", e),
        SshAuthenticationException => new RelayException(RelayErrorKind.Authentication, $"{what}: the SSH server refused the login ({e.Message}); check user, password or ssh key", e),
        SshPassPhraseNullOrEmptyException => new RelayException(RelayErrorKind.Authentication, $"{what}: the ssh key is encrypted; set 'ssh key passphrase'", e),
        SftpException { StatusCode: StatusCode.NoConnection or StatusCode.ConnectionLost } =>
            new RelayException(RelayErrorKind.Transient, $"{what}: connection lost ({e.Message})", e),
        SftpException { StatusCode: StatusCode.NoSuchFile } => new RelayException(RelayErrorKind.NotFound, $"{what}: not on the relay", e),
        SftpException { StatusCode: StatusCode.PermissionDenied } => new RelayException(RelayErrorKind.Permanent, $"{what}: permission denied by the SFTP server", e),
        SftpException { StatusCode: StatusCode.OperationUnsupported } =>
            new RelayException(RelayErrorKind.Permanent, $"{what}: not supported by the SFTP server", e),
        SftpException s => new RelayException(RelayErrorKind.Permanent, $"{what}: SFTP server answered {s.StatusCode} ({e.Message})", e),
        SshOperationTimeoutException => new RelayException(RelayErrorKind.Transient, $"{what}: no answer from the SSH server in time", e),
        SshConnectionException => new RelayException(RelayErrorKind.Transient, $"{what}: SSH connection lost ({e.Message})", e),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new RelayException(RelayErrorKind.Transient, $"{what}: connection refused (is the SSH server running?)", e),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => new RelayException(RelayErrorKind.Transient, $"{what}: host name not found", e),
        ProxyException or SshException or SocketException or IOException or ObjectDisposedException or TimeoutException =>
            new RelayException(RelayErrorKind.Transient, $"{what}: {e.Message}", e),
        _ => new RelayException(RelayErrorKind.Transient, $"{what}: {e.GetType().Name}: {e.Message}", e),
    };

    /// <summary>Errors this driver translates; anything else (a bug, ArgumentException) propagates.</summary>
    public static bool IsTranslatable(Exception e) =>
        e is SshException or SocketException or IOException or ObjectDisposedException or TimeoutException or InvalidOperationException;

    /// <summary>A lost connection (as opposed to the server's answer to a request): reconnect before the next call.</summary>
    public static bool IsConnectionLoss(Exception e) =>
        e is SshConnectionException or SocketException or ObjectDisposedException or SshOperationTimeoutException
        || e is SftpException { StatusCode: StatusCode.NoConnection or StatusCode.ConnectionLost }
        || (e is InvalidOperationException && e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase));
}
