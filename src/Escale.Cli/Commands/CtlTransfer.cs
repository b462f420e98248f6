using Escale.Sync.Status;

namespace Escale.Cli.Commands;

/// <summary>A transfer as the status display needs it (the engine's <see cref="Transfer"/> is live, this is a copy).</summary>
public sealed record CtlTransfer(string Path, TransferDirection Direction, long? Total, long Done);
