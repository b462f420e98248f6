namespace Escale.Relay.Ftp.Client;

/// <summary>
/// The one place where FTP replies become <see cref="RelayException"/> kinds: 4xx transient (the retry
/// decorator backs off), 5xx permanent, 530 authentication, 552/452 quota, 550 on a read not found.
/// </summary>
internal static class FtpErrors
{
    public static RelayException ForReply(FtpReply reply, string what, FtpOperation operation, string endpoint)
    {
        var message = $"{endpoint}: {what}: {reply.Code} {reply.OneLine.Trim()}";
        var kind = reply.Code switch
        {
            530 => RelayErrorKind.Authentication,
            552 or 452 => RelayErrorKind.QuotaExceeded,
            // vsftpd reports ENOSPC as "451 Failure writing to local file", proftpd as "450 ... No space left";
            // only the text tells them from a passing failure.
            >= 400 and < 500 when MentionsNoSpace(reply.Text) => RelayErrorKind.QuotaExceeded,
            550 when operation == FtpOperation.Read => RelayErrorKind.NotFound,
            >= 400 and < 500 => RelayErrorKind.Transient,
            _ => RelayErrorKind.Permanent,
        };
        return new RelayException(kind, message);
    }

    /// <summary>A connection that could not be set up: one line naming the server.</summary>
    public static RelayException Connect(FtpConnectionOptions options, string why, bool transient) =>
        new(transient ? RelayErrorKind.Transient : RelayErrorKind.Permanent, $"FTP server {options.Endpoint}: {why}");

    public static bool MentionsNoSpace(string text) =>
        text.Contains("space", StringComparison.OrdinalIgnoreCase)
        || text.Contains("quota", StringComparison.OrdinalIgnoreCase)
        || text.Contains("disk full", StringComparison.OrdinalIgnoreCase);

    public static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
