using Escale.Sync.Status;

namespace Escale.Cli.Commands;

/// <summary>
/// A transfer as the status display needs it (the engine's <see cref="Transfer"/> is live, this is a
/// copy). <see cref="BytesPerSecond"/> is measured by the agent (null from an agent that predates it).
/// </summary>
public sealed record CtlTransfer(string Path, TransferDirection Direction, long? Total, long Done, double? BytesPerSecond = null)
{
    public int? Percent => TransferRate.Percent(Done, Total);

    public TimeSpan? Eta => TransferRate.Eta(Done, Total, BytesPerSecond);
}
