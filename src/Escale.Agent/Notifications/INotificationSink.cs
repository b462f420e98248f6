namespace Escale.Agent.Notifications;

/// <summary>Shows a notification somewhere (the desktop, a test's list). Never throws for a display that is not there.</summary>
public interface INotificationSink : IAsyncDisposable
{
    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}
