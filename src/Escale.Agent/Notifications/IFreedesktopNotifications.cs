using Tmds.DBus;

namespace Escale.Agent.Notifications;

/// <summary>
/// The freedesktop notification service (Desktop Notifications Specification 1.2), the one call we make.
/// Public because Tmds.DBus generates the proxy at run time; tests implement it to listen.
/// </summary>
[DBusInterface("org.freedesktop.Notifications")]
public interface IFreedesktopNotifications : IDBusObject
{
    /// <summary>Returns the id the server gave the notification.</summary>
    Task<uint> NotifyAsync(string appName, uint replacesId, string appIcon, string summary, string body, string[] actions, IDictionary<string, object> hints, int expireTimeout);
}
