namespace Escale.Relay.WebDav;

/// <summary>One &lt;D:response&gt; of a PROPFIND answer, href still encoded and unvalidated.</summary>
internal sealed record PropfindEntry(string Href, bool IsCollection, long? Length, DateTimeOffset? Modified, long? QuotaUsed, long? QuotaAvailable);
