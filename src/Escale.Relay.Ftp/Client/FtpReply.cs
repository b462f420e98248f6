namespace Escale.Relay.Ftp.Client;

/// <summary>One FTP reply (RFC 959 §4.2): the three-digit code and its text, all lines joined by '\n'.</summary>
internal readonly record struct FtpReply(int Code, string Text)
{
    /// <summary>1xx: the command started; another reply follows.</summary>
    public bool IsPreliminary => Code is >= 100 and < 200;

    /// <summary>2xx and 3xx.</summary>
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransientNegative => Code is >= 400 and < 500;

    public bool IsPermanentNegative => Code >= 500;

    /// <summary>The text on one line, for messages (multi-line replies are joined with " / ").</summary>
    public string OneLine => Text.Replace("\n", " / ", StringComparison.Ordinal);

    public override string ToString() => $"{Code} {OneLine}";
}
