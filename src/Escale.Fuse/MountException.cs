namespace Escale.Fuse;

/// <summary>A mount that cannot be made; the message is one line a command can print as is.</summary>
public sealed class MountException : Exception
{
    public MountException(string message)
        : base(message)
    {
    }

    public MountException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
