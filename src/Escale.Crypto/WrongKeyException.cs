namespace Escale.Crypto;

/// <summary>The payload could not be opened with this node's passphrase or key.</summary>
public sealed class WrongKeyException(string message) : PayloadIntegrityException(message);
