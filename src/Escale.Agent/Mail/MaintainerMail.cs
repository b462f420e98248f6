using System.Net.Mail;
using Escale.Agent.Logging;
using Escale.Core.Config;
using Microsoft.Extensions.Logging;

namespace Escale.Agent.Mail;

/// <summary>
/// Mails the <c>maintainer</c> of a repository when its agent aborts (the original's 0.4.1 feature),
/// through <c>smtp host</c>:<c>smtp port</c> (default localhost:25, no authentication: a local relay
/// MTA is the expected setup). Sending is best effort: a failure is logged and never raised, because
/// the agent is already on its way out with a more important error.
/// </summary>
public sealed class MaintainerMail
{
    /// <summary>Bounds the send so that a dead SMTP server cannot hold up the exit or the restart.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(15);

    private MaintainerMail(string to, string host, int port, SecretRedactor redactor)
    {
        To = to;
        Host = host;
        Port = port;
        Redactor = redactor;
    }

    public string To { get; }

    public string Host { get; }

    public int Port { get; }

    private SecretRedactor Redactor { get; }

    /// <summary>The mail settings of a repository, or null when it names no maintainer.</summary>
    public static MaintainerMail? For(RepositoryConfig repo)
    {
        var to = repo.GetOrNull<string>("maintainer");
        return string.IsNullOrWhiteSpace(to)
            ? null
            : new MaintainerMail(to.Trim(), repo.GetOrNull<string>("smtp host") ?? "localhost", repo.Get("smtp port", 25), SecretRedactor.For([repo]));
    }

    /// <summary>One mail per distinct maintainer/server among the repositories.</summary>
    public static IReadOnlyList<MaintainerMail> ForAll(IEnumerable<RepositoryConfig> repos) =>
        repos.Select(For).OfType<MaintainerMail>().DistinctBy(m => (m.To, m.Host, m.Port)).ToList();

    /// <summary>Sends the report; returns whether the server accepted it. Never throws.</summary>
    public async Task<bool> SendAsync(AbortReport report, ILogger logger, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SendTimeout);
            using var client = new SmtpClient(Host, Port) { DeliveryMethod = SmtpDeliveryMethod.Network, EnableSsl = false };
            var from = $"escale@{SafeHost(report.Host)}";
            using var message = new MailMessage(from, To, Redactor.Redact(report.Subject), Redactor.Redact(report.Body).ReplaceLineEndings("\r\n"));
            await client.SendMailAsync(message, timeout.Token);
            logger.LogInformation("maintainer {To} notified by mail through {Host}:{Port}", To, Host, Port);
            return true;
        }
        catch (Exception e) when (e is SmtpException or IOException or InvalidOperationException or FormatException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning("could not mail the maintainer {To} through {Host}:{Port}: {Reason}", To, Host, Port, e.InnerException?.Message ?? e.Message);
            return false;
        }
    }

    /// <summary>A host name usable in an address (machine names may hold characters addresses refuse).</summary>
    private static string SafeHost(string host)
    {
        var chars = host.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.').ToArray();
        return chars.Length > 0 ? new string(chars) : "localhost";
    }
}
