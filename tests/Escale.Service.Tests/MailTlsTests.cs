using Escale.Agent.Mail;
using Escale.Core.Config;
using Escale.Testing;

namespace Escale.Service.Tests;

/// <summary>
/// The maintainer mail over STARTTLS with a login, against the aiosmtpd sink offering a self-signed
/// certificate: trusted only through 'smtp certificate', never by turning verification off.
/// </summary>
public sealed class MailTlsTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Starttls_with_the_certificate_named_by_option_and_a_login_delivers()
    {
        var tls = SmtpSink.SelfSignedCertificate(_box.Sub("tls"));
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"), tls, ("ops", "pa55-word"));
        var mail = Mail(sink.Port, $"smtp tls = starttls\nsmtp certificate = {tls.Cert}\nsmtp user = ops\nsmtp secret file = {Secret("pa55-word")}");
        var log = new ListLogger();

        Assert.True(await mail.SendAsync(Report(), log), string.Join("\n", log.Lines));

        var message = SmtpSink.DecodeQuotedPrintable(Assert.Single(sink.Messages()));
        Assert.Contains("X-Sink-TLS: yes", message);
        Assert.Contains("X-Sink-Login: ops", message);
        Assert.Contains("To: ops@example.org", message);
        Assert.Contains("error:         relay gone", message);
        Assert.Equal(1, log.Count("maintainer ops@example.org notified"));
    }

    [Fact]
    public async Task Without_smtp_certificate_the_self_signed_server_is_refused_in_one_line()
    {
        var tls = SmtpSink.SelfSignedCertificate(_box.Sub("tls"));
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"), tls);
        var mail = Mail(sink.Port, "smtp tls = starttls");
        var log = new ListLogger();

        Assert.False(await mail.SendAsync(Report(), log));

        Assert.Empty(sink.Messages());
        var line = Assert.Single(log.Lines).Message;
        Assert.Contains("could not mail the maintainer ops@example.org", line);
        Assert.Contains("certificate is not trusted (name its certificate or CA in 'smtp certificate')", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task The_trusted_certificate_does_not_excuse_a_wrong_host_name()
    {
        // The certificate is for 127.0.0.1; reached as "localhost" its name does not match.
        var tls = SmtpSink.SelfSignedCertificate(_box.Sub("tls"));
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"), tls);
        var mail = Mail(sink.Port, $"smtp tls = starttls\nsmtp certificate = {tls.Cert}", host: "localhost");
        var log = new ListLogger();

        Assert.False(await mail.SendAsync(Report(), log));

        Assert.Empty(sink.Messages());
        Assert.Equal(1, log.Count("TLS handshake failed"));
    }

    [Fact]
    public async Task A_wrong_password_is_logged_and_nothing_is_sent()
    {
        var tls = SmtpSink.SelfSignedCertificate(_box.Sub("tls"));
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"), tls, ("ops", "pa55-word"));
        var mail = Mail(sink.Port, $"smtp tls = starttls\nsmtp certificate = {tls.Cert}\nsmtp user = ops\nsmtp secret file = {Secret("wrong-one")}");
        var log = new ListLogger();

        Assert.False(await mail.SendAsync(Report(), log));

        Assert.Empty(sink.Messages());
        var line = Assert.Single(log.Lines).Message;
        Assert.Contains("could not mail the maintainer ops@example.org", line);
        Assert.DoesNotContain("wrong-one", line);
    }

    [SkippableFact]
    public async Task A_password_is_not_sent_in_clear_to_a_server_beyond_the_loopback()
    {
        // A server on this machine's own network address: not the loopback, so the rule applies.
        var address = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        Prerequisite.Require(address is null ? "no non-loopback IPv4 address on this machine" : null);
        using var sink = await SmtpSink.StartAsync(Path.Combine(_box.Root, "maildir"), login: ("ops", "pa55-word"), host: address!.ToString());
        var mail = Mail(sink.Port, $"smtp user = ops\nsmtp secret file = {Secret("pa55-word")}", host: address.ToString());
        var log = new ListLogger();

        Assert.False(await mail.SendAsync(Report(), log));

        Assert.Empty(sink.Messages());
        Assert.Equal(1, log.Count("offers no STARTTLS: the smtp password is not sent in clear"));
    }

    [Fact]
    public void Smtp_tls_accepts_its_four_values_and_refuses_others_in_one_line()
    {
        Assert.Equal("starttls", MailSettings.From(Repo("smtp tls = STARTTLS")).Tls);
        Assert.Equal("implicit", MailSettings.From(Repo("smtp tls = smtps")).Tls);
        Assert.Equal(MailSettings.DefaultTls, MailSettings.From(Repo("")).Tls);
        var e = Assert.Throws<ConfigException>(() => Repo("smtp tls = maybe"));
        Assert.Contains("auto, starttls, implicit, off", e.Message);
    }

    private MaintainerMail Mail(int port, string options, string host = "127.0.0.1") =>
        MaintainerMail.For(Repo($"maintainer = ops@example.org\nsmtp host = {host}\nsmtp port = {port}\n{options}"))!;

    private RepositoryConfig Repo(string globals) =>
        EscaleConfig.Parse($"{globals}\n[photos]\nlocal path = {_box.Sub("local")}\nrelay dir = {_box.Sub("relay")}\n", _box.File("escale.conf")).Repositories.Single();

    private string Secret(string password)
    {
        var file = _box.File("smtp.secret");
        File.WriteAllText(file, password + "\n");
        return file;
    }

    private static AbortReport Report() => new("escale", "photos", "relay gone", "/etc/escale.conf", DateTimeOffset.UnixEpoch);
}
