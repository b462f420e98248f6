using System.Collections.Concurrent;
using Escale.Agent.Notifications;
using Tmds.DBus;

namespace Escale.Ops.Tests;

/// <summary>A stand-in notification server on a test bus: records every Notify call. Public: Tmds.DBus builds its adapter at run time.</summary>
public sealed class RecordingNotifications : IFreedesktopNotifications
{
    public ConcurrentQueue<(string AppName, string Summary, string Body)> Calls { get; } = new();

    public ObjectPath ObjectPath { get; } = new("/org/freedesktop/Notifications");

    public Task<uint> NotifyAsync(string appName, uint replacesId, string appIcon, string summary, string body, string[] actions, IDictionary<string, object> hints, int expireTimeout)
    {
        Calls.Enqueue((appName, summary, body));
        return Task.FromResult((uint)Calls.Count);
    }
}
