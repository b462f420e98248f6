using Microsoft.Extensions.Logging;
using Tmds.DBus;

namespace Escale.Agent.Notifications;

/// <summary>
/// The executor: org.freedesktop.Notifications.Notify on the session bus. Connects on the first
/// notification; when the bus or the notification service is not there it says so once at debug level
/// and stays silent (a headless server has no desktop to tell).
/// </summary>
public sealed class DBusNotificationSink(string busAddress, ILogger logger) : INotificationSink
{
    private const string Service = "org.freedesktop.Notifications";
    private const string ObjectPath = "/org/freedesktop/Notifications";

    // Urgency hint of the specification: 1 normal, 2 critical (stays until dismissed on most desktops).
    private static readonly Dictionary<NotificationKind, byte> Urgency = new()
    {
        [NotificationKind.Conflict] = 1,
        [NotificationKind.NeedsAttention] = 2,
        [NotificationKind.LargeTransfer] = 1,
    };

    private Connection? _connection;
    private IFreedesktopNotifications? _proxy;
    private bool _off;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (_off)
        {
            return;
        }

        try
        {
            if (_proxy is null)
            {
                _connection = new Connection(busAddress);
                await _connection.ConnectAsync().WaitAsync(cancellationToken);
                _proxy = _connection.CreateProxy<IFreedesktopNotifications>(Service, ObjectPath);
            }

            var hints = new Dictionary<string, object> { ["urgency"] = Urgency[notification.Kind] };
            // Servers may read the body as markup: names from the relay must not become tags.
            await _proxy.NotifyAsync("escale", 0, "folder-sync", notification.Summary, Escape(notification.Body), [], hints, -1).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DBusException or ConnectException or DisconnectedException or IOException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            _off = true;
            logger.LogDebug("desktop notifications off: {Message}", e.Message);
        }
    }

    /// <summary>The body markup's three entities (the specification's subset; numeric ones are not understood everywhere).</summary>
    public static string Escape(string body) => body.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        return ValueTask.CompletedTask;
    }
}
