namespace Escale.Sync.State;

public enum FileOrigin
{
    /// <summary>This node pushed this version.</summary>
    Pushed,

    /// <summary>This node got this version by a pull.</summary>
    Pulled,

    /// <summary>Local and relay were found equal without a transfer.</summary>
    Agreed,
}

/// <summary>
/// What this node and the relay last agreed on for one file: the checksum and timestamp of the
/// version, and the local file's identity (size, mtime) at that moment, so that an unchanged local
/// file is recognised without hashing it again.
/// </summary>
public sealed record FileRecord(string Checksum, long Timestamp, long LocalSize, long LocalMtimeTicks, FileOrigin Origin);
