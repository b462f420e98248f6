namespace Escale.Agent.Mount;

public enum PlatformKind
{
    Linux,
    Windows,
    MacOS,
}
