namespace Escale.Relay;

/// <summary>
/// What a store does when its relay folder does not exist. A missing relay folder usually means a
/// mistake (a typo in <c>relay dir</c>, a USB disk that is not mounted): created silently, the node
/// would sync with a private relay no other machine sees. Only what creates a repository on purpose
/// (the wizard, <c>escalectl init</c>, the zero-configuration default) passes <see cref="Create"/>.
/// </summary>
public enum RelayRootMode
{
    MustExist,
    Create,
}
