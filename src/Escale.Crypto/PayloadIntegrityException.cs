namespace Escale.Crypto;

/// <summary>A relay payload failed authentication or is malformed; the message says which part.</summary>
public class PayloadIntegrityException(string message, Exception? inner = null) : Exception(message, inner);
