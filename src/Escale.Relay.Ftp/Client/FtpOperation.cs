namespace Escale.Relay.Ftp.Client;

/// <summary>What a command was for: the same reply code means different things (550 on RETR = not found).</summary>
internal enum FtpOperation
{
    Other,
    Read,
    Write,
    Delete,
    Rename,
    MakeDirectory,
    List,
}
