using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Escale.WebDavServer;

/// <summary>Names and I/O of the XML bodies (DAV: namespace, our state property, Windows' Win32 times).</summary>
internal static class DavXml
{
    public static readonly XNamespace Dav = "DAV:";

    /// <summary>Our own properties: <c>{urn:escale:}state</c> has the values of xattr user.escale.state.</summary>
    public static readonly XNamespace Escale = "urn:escale:";

    public static readonly XNamespace Microsoft = "urn:schemas-microsoft-com:";

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 16 * 1024 * 1024,
    };

    /// <summary>The request body as XML; null when it is empty. Throws <see cref="XmlException"/> when it is not well-formed.</summary>
    public static async Task<XDocument?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0)
        {
            return null;
        }

        buffer.Position = 0;
        using var reader = XmlReader.Create(buffer, ReaderSettings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    public static async Task WriteAsync(HttpResponse response, int status, XElement root, CancellationToken ct)
    {
        if (root.Attribute(XNamespace.Xmlns + "D") is null)
        {
            root.SetAttributeValue(XNamespace.Xmlns + "D", Dav.NamespaceName);
        }

        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = false }))
        {
            doc.Save(writer);
        }

        response.StatusCode = status;
        response.ContentType = "application/xml; charset=utf-8";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
    }

    public static XElement Status(int status) => new(Dav + "status", DavStatus.Line(status));

    /// <summary>RFC 4918 error body with one precondition element.</summary>
    public static XElement Error(string condition) => new(Dav + "error", new XElement(Dav + condition));
}
