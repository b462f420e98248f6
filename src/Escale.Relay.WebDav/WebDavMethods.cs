namespace Escale.Relay.WebDav;

/// <summary>The RFC 4918 verbs HttpMethod does not have.</summary>
internal static class WebDavMethods
{
    public static readonly HttpMethod Propfind = new("PROPFIND");
    public static readonly HttpMethod Mkcol = new("MKCOL");
    public static readonly HttpMethod Move = new("MOVE");
    public static readonly HttpMethod Copy = new("COPY");
}
