using System.Text.RegularExpressions;

namespace Escale.WebDavServer.Tests;

/// <summary>
/// Debian's litmus (the WebDAV server compliance suite) against the front-end. Every test of the
/// basic, copymove, props, locks and http groups must pass; litmus "WARNING" lines are allowed
/// and listed in native-notes/webdav-frontend.md.
/// </summary>
public sealed class LitmusTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("basic")]
    [InlineData("copymove")]
    [InlineData("props")]
    [InlineData("locks")]
    [InlineData("http")]
    public async Task Litmus_group_passes(string group)
    {
        Tools.Require("litmus", "scripts/setup/webdav-frontend.sh");
        await using var f = await FrontEndFixture.StartAsync();
        var (code, text) = Tools.Run("litmus", [f.Url.ToString(), WebDavServerOptions.UserName, f.Server.Secret], new Dictionary<string, string> { ["TESTS"] = group });
        output.WriteLine(text);
        var failed = Regex.Matches(text, @"^\s*\d+\.\s*(\S+)\.*\s*FAIL", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Empty(failed);
        Assert.Matches(@"<- summary for `" + group + @"': of \d+ tests run: \d+ passed, 0 failed", text);
        Assert.Equal(0, code);
    }
}
