namespace Escale.Core.Config;

public enum SyncMode
{
    /// <summary>Push local changes and pull the others' (the default).</summary>
    Shared,

    /// <summary>Like shared, but never overwrite a local file this node did not get by a pull.</summary>
    Conservative,

    /// <summary>Push only (legacy "read only": the local folder is only read).</summary>
    Upload,

    /// <summary>Pull only (legacy "write only": the local folder is only written).</summary>
    Download,
}
