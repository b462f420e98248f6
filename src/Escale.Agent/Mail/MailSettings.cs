using System.Net;
using Escale.Core.Config;

namespace Escale.Agent.Mail;

/// <summary>How the maintainer mail reaches its server: the <c>smtp *</c> options, each default stated here once.</summary>
public sealed record MailSettings(string Host, int Port, string Tls, string? User, string? SecretFile, string? Certificate)
{
    /// <summary>A local relay MTA is the expected setup (as in the original).</summary>
    public const string DefaultHost = "localhost";

    public const int DefaultPort = 25;

    /// <summary>
    /// <c>auto</c>: implicit TLS on port 465, else STARTTLS whenever the server offers it, except on
    /// the loopback, where nothing travels on a network (and local MTAs often offer a snake-oil
    /// certificate that no one could verify).
    /// </summary>
    public const string DefaultTls = "auto";

    /// <summary>The settings of a repository (global lines apply to every repository).</summary>
    public static MailSettings From(RepositoryConfig repo) => new(
        repo.GetOrNull<string>("smtp host") ?? DefaultHost,
        repo.Get("smtp port", DefaultPort),
        repo.Get("smtp tls", DefaultTls),
        repo.GetOrNull<string>("smtp user"),
        repo.GetPath("smtp secret file"),
        repo.GetPath("smtp certificate"));

    /// <summary>True when the server is this machine: a clear-text session never leaves it.</summary>
    public bool IsLoopback =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
