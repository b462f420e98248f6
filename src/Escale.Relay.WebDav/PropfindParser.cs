using System.Globalization;
using System.Text;
using System.Xml;

namespace Escale.Relay.WebDav;

/// <summary>
/// Reads a 207 Multi-Status answer as a stream with hard limits, because the server is not trusted:
/// no DTD (entity bombs and external entities are refused outright), no resolver, a byte cap, a
/// nesting cap, a cap on entries and on each captured value. Only properties under a 2xx propstat
/// count; a response with a non-2xx status of its own is skipped.
/// </summary>
internal static class PropfindParser
{
    public const long MaxBytes = 32L * 1024 * 1024;
    public const int MaxDepth = 32;
    public const int MaxEntries = 250_000;
    private const int MaxValueChars = 16 * 1024;
    private const string Dav = "DAV:";

    private enum Field
    {
        None,
        Href,
        Length,
        Modified,
        Status,
        QuotaUsed,
        QuotaAvailable,
    }

    public static async Task<List<PropfindEntry>> ParseAsync(Stream body, string what, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = MaxBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        var entries = new List<PropfindEntry>();
        var bounded = new BoundedReadStream(body, MaxBytes, what);
        try
        {
            using var reader = XmlReader.Create(bounded, settings);
            await ReadAsync(reader, entries, what, cancellationToken);
        }
        catch (XmlException e)
        {
            throw new RelayException(RelayErrorKind.Permanent, $"{what}: the server's PROPFIND answer is not acceptable XML ({e.Message})", e);
        }

        return entries;
    }

    private static async Task ReadAsync(XmlReader reader, List<PropfindEntry> entries, string what, CancellationToken cancellationToken)
    {
        var capture = Field.None;
        var value = new StringBuilder();
        string? href = null, responseStatus = null, propstatStatus = null;
        bool inResponse = false, inPropstat = false, collection = false, propCollection = false;
        string? length = null, modified = null, used = null, available = null;
        string? propLength = null, propModified = null, propUsed = null, propAvailable = null;

        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.Depth > MaxDepth)
            {
                throw new RelayException(RelayErrorKind.Permanent, $"{what}: the server's PROPFIND answer is nested deeper than {MaxDepth}; refused");
            }

            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.NamespaceURI == Dav:
                    var empty = reader.IsEmptyElement;
                    switch (reader.LocalName)
                    {
                        case "response" when !empty:
                            inResponse = true;
                            href = responseStatus = null;
                            collection = false;
                            length = modified = used = available = null;
                            break;
                        case "propstat" when inResponse && !empty:
                            inPropstat = true;
                            propstatStatus = null;
                            propCollection = false;
                            propLength = propModified = propUsed = propAvailable = null;
                            break;
                        case "collection" when inPropstat:
                            propCollection = true;
                            break;
                        case "href" when inResponse && !inPropstat && !empty:
                            capture = Field.Href;
                            break;
                        case "status" when inResponse && !empty:
                            capture = Field.Status;
                            break;
                        case "getcontentlength" when inPropstat && !empty:
                            capture = Field.Length;
                            break;
                        case "getlastmodified" when inPropstat && !empty:
                            capture = Field.Modified;
                            break;
                        case "quota-used-bytes" when inPropstat && !empty:
                            capture = Field.QuotaUsed;
                            break;
                        case "quota-available-bytes" when inPropstat && !empty:
                            capture = Field.QuotaAvailable;
                            break;
                    }

                    value.Clear();
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when capture != Field.None:
                    value.Append(await reader.GetValueAsync());
                    if (value.Length > MaxValueChars)
                    {
                        throw new RelayException(RelayErrorKind.Permanent, $"{what}: a value in the server's PROPFIND answer is longer than {MaxValueChars} characters; refused");
                    }

                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI == Dav:
                    switch (reader.LocalName)
                    {
                        case "href" when capture == Field.Href:
                            href ??= value.ToString();
                            break;
                        case "status" when capture == Field.Status:
                            if (inPropstat)
                            {
                                propstatStatus = value.ToString();
                            }
                            else
                            {
                                responseStatus = value.ToString();
                            }

                            break;
                        case "getcontentlength" when capture == Field.Length:
                            propLength = value.ToString();
                            break;
                        case "getlastmodified" when capture == Field.Modified:
                            propModified = value.ToString();
                            break;
                        case "quota-used-bytes" when capture == Field.QuotaUsed:
                            propUsed = value.ToString();
                            break;
                        case "quota-available-bytes" when capture == Field.QuotaAvailable:
                            propAvailable = value.ToString();
                            break;
                        case "propstat" when inPropstat:
                            inPropstat = false;
                            if (IsSuccess(propstatStatus))
                            {
                                collection |= propCollection;
                                length ??= propLength;
                                modified ??= propModified;
                                used ??= propUsed;
                                available ??= propAvailable;
                            }

                            break;
                        case "response" when inResponse:
                            inResponse = false;
                            if (href is not null && (responseStatus is null || IsSuccess(responseStatus)))
                            {
                                if (entries.Count >= MaxEntries)
                                {
                                    throw new RelayException(RelayErrorKind.Permanent, $"{what}: more than {MaxEntries} entries in one folder; refused");
                                }

                                entries.Add(new PropfindEntry(href, collection, ParseLong(length), ParseDate(modified), ParseLong(used), ParseLong(available)));
                            }

                            break;
                    }

                    capture = Field.None;
                    break;
            }
        }
    }

    /// <summary>"HTTP/1.1 200 OK" → true; a missing status counts as success (some servers omit it).</summary>
    private static bool IsSuccess(string? status)
    {
        if (status is null)
        {
            return true;
        }

        var parts = status.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts[1].Length == 3 && parts[1][0] == '2';
    }

    private static long? ParseLong(string? s) =>
        long.TryParse(s?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static DateTimeOffset? ParseDate(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        s = s.Trim();
        if (DateTimeOffset.TryParseExact(s, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            || DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d))
        {
            return d.ToUniversalTime();
        }

        return null;
    }
}
