using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace Escale.WebDavServer.Tests;

/// <summary>Small request builders for the tests.</summary>
internal static class Dav
{
    public static readonly XNamespace D = "DAV:";

    public static HttpRequestMessage Request(string method, string path, string? xml = null, params (string Name, string Value)[] headers)
    {
        var r = new HttpRequestMessage(new HttpMethod(method), path);
        if (xml is not null)
        {
            r.Content = new StringContent(xml, Encoding.UTF8, "application/xml");
        }

        foreach (var (n, v) in headers)
        {
            r.Headers.TryAddWithoutValidation(n, v);
        }

        return r;
    }

    public static async Task<XDocument> PropFindAsync(HttpClient c, string path, string depth, string? body = null)
    {
        using var r = await c.SendAsync(Request("PROPFIND", path, body, ("Depth", depth)));
        Assert.Equal(207, (int)r.StatusCode);
        return XDocument.Parse(await r.Content.ReadAsStringAsync());
    }

    /// <summary>The value of a property of the response whose href ends with <paramref name="hrefEnd"/>.</summary>
    public static string? Prop(XDocument multistatus, string hrefEnd, XName name) =>
        multistatus.Descendants(D + "response")
            .FirstOrDefault(r => Uri.UnescapeDataString(r.Element(D + "href")!.Value).TrimEnd('/').EndsWith(hrefEnd, StringComparison.Ordinal))
            ?.Descendants(D + "propstat").Where(ps => ps.Element(D + "status")!.Value.Contains(" 200 "))
            .Descendants(name).FirstOrDefault()?.Value;

    public static ByteArrayContent Bytes(byte[] data)
    {
        var c = new ByteArrayContent(data);
        c.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return c;
    }
}
