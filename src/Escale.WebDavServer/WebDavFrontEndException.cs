namespace Escale.WebDavServer;

/// <summary>The front-end could not start (port taken...): one line for the user.</summary>
public sealed class WebDavFrontEndException(string message, Exception? inner = null) : Exception(message, inner);
