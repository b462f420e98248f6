namespace Escale.Relay;

/// <summary>
/// A store whose connection probe found out more than <see cref="RelayCapabilities"/> can say
/// (server family, quirks worked around): one human-readable line each, for <c>escalectl probe</c>.
/// </summary>
public interface IProbeReport
{
    IReadOnlyList<string> ProbeReport { get; }
}
