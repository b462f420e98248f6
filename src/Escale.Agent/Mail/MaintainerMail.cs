using System.Net.Sockets;
using Escale.Agent.Logging;
using Escale.Core.Config;
using Escale.Relay;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Escale.Agent.Mail;

/// <summary>
/// Mails the <c>maintainer</c> of a repository when its agent aborts (the original's 0.4.1 feature),
/// through the server of <see cref="MailSettings"/>, with STARTTLS and an optional login (MailKit:
/// System.Net.Mail's client is not recommended for new code by its own documentation). Sending is
/// best effort: a failure is logged and never raised, because the agent is already on its way out
/// with a more important error.
/// </summary>
public sealed class MaintainerMail
{
    /// <summary>Bounds the send so that a dead SMTP server cannot hold up the exit or the restart.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(15);

    private MaintainerMail(string to, MailSettings settings, string section, SecretRedactor redactor)
    {
        To = to;
        Settings = settings;
        Section = section;
        Redactor = redactor;
    }

    public string To { get; }

    public MailSettings Settings { get; }

    public string Host => Settings.Host;

    public int Port => Settings.Port;

    /// <summary>"file: [section]", for the secret file's messages.</summary>
    private string Section { get; }

    private SecretRedactor Redactor { get; }

    /// <summary>The mail settings of a repository, or null when it names no maintainer.</summary>
    public static MaintainerMail? For(RepositoryConfig repo)
    {
        var to = repo.GetOrNull<string>("maintainer");
        return string.IsNullOrWhiteSpace(to)
            ? null
            : new MaintainerMail(to.Trim(), MailSettings.From(repo), $"{repo.File}: [{repo.Name}]", SecretRedactor.For([repo]));
    }

    /// <summary>One mail per distinct maintainer/server among the repositories.</summary>
    public static IReadOnlyList<MaintainerMail> ForAll(IEnumerable<RepositoryConfig> repos) =>
        repos.Select(For).OfType<MaintainerMail>().DistinctBy(m => (m.To, m.Settings)).ToList();

    /// <summary>Sends the report; returns whether the server accepted it. Never throws.</summary>
    public async Task<bool> SendAsync(AbortReport report, ILogger logger, CancellationToken cancellationToken = default)
    {
        MailServerTrust? trust = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SendTimeout);
            trust = MailServerTrust.Load(Settings.Certificate);
            using var client = new SmtpClient { Timeout = (int)SendTimeout.TotalMilliseconds, ServerCertificateValidationCallback = trust.Validate };
            await client.ConnectAsync(Host, Port, SocketOptions(), timeout.Token);
            if (Settings.User is { } user)
            {
                // A password is never sent in clear over a network, whatever the server allows.
                if (!client.IsSecure && !Settings.IsLoopback)
                {
                    throw new AuthenticationException($"{Host} offers no STARTTLS: the smtp password is not sent in clear (set 'smtp tls')");
                }

                await client.AuthenticateAsync(user, Password(user), timeout.Token);
            }

            using var message = Message(report);
            await client.SendAsync(message, timeout.Token);
            await client.DisconnectAsync(true, timeout.Token);
            logger.LogInformation("maintainer {To} notified by mail through {Host}:{Port}", To, Host, Port);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ConfigException or FormatException
                                      or InvalidOperationException or MailKit.ProtocolException or CommandException or AuthenticationException or SslHandshakeException)
        {
            logger.LogWarning("could not mail the maintainer {To} through {Host}:{Port}: {Reason}", To, Host, Port, Reason(e, trust));
            return false;
        }
    }

    private SecureSocketOptions SocketOptions() => Settings.Tls switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "implicit" => SecureSocketOptions.SslOnConnect,
        "off" => SecureSocketOptions.None,
        _ when Settings.Port == 465 => SecureSocketOptions.SslOnConnect,
        _ when Settings.IsLoopback => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    private string Password(string user) => Settings.SecretFile is { } file
        ? RelayCredentials.FromSecretFile(file, user, Section).Password
        : throw new ConfigException($"{Section}: 'smtp user' is set but 'smtp secret file' is not");

    private MimeMessage Message(AbortReport report)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("escale", $"escale@{SafeHost(report.Host)}"));
        message.To.Add(MailboxAddress.Parse(To));
        message.Subject = Redactor.Redact(report.Subject);
        message.Body = new TextPart("plain") { Text = Redactor.Redact(report.Body).ReplaceLineEndings("\r\n") };
        return message;
    }

    /// <summary>One line: MailKit's certificate message spans a page.</summary>
    private static string Reason(Exception e, MailServerTrust? trust)
    {
        if (e is SslHandshakeException && trust?.UntrustedChainSeen == true)
        {
            return "the server's certificate is not trusted (name its certificate or CA in 'smtp certificate')";
        }

        if (e is SslHandshakeException)
        {
            return "TLS handshake failed (certificate name or protocol)";
        }

        if (e is OperationCanceledException)
        {
            return $"no answer within {SendTimeout.TotalSeconds:0} s";
        }

        var text = e.InnerException is SocketException s ? s.Message : e.Message;
        return text.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>A host name usable in an address (machine names may hold characters addresses refuse).</summary>
    private static string SafeHost(string host)
    {
        var chars = host.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.').ToArray();
        return chars.Length > 0 ? new string(chars) : "localhost";
    }
}
