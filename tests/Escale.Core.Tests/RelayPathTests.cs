using Escale.Core.Paths;

namespace Escale.Core.Tests;

public sealed class RelayPathTests
{
    [Theory]
    [InlineData("a.txt")]
    [InlineData("dir/sub dir/file name.txt")]
    [InlineData("日本語/ünïcødé.txt")]
    [InlineData("percent%20#hash?.txt")]
    [InlineData(".a.txt.lock")]
    public void Valid_paths(string path)
    {
        Assert.True(RelayPath.TryParse(path, false, out var p, out var reason), reason);
        Assert.Equal(path, p.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("../x", "'..'")]
    [InlineData("a/../../b", "'..'")]
    [InlineData("a/./b", "'.'")]
    [InlineData("a//b", "empty path component")]
    [InlineData("a\\b", "backslash")]
    [InlineData("nul\0", "NUL")]
    [InlineData("tab\t", "control")]
    [InlineData("c1\u0085", "control")]
    [InlineData("e\u0301", "form C")]
    [InlineData("bad\uFFFD", "invalid UTF-8")]
    [InlineData("lone\uD800", "invalid UTF-8")]
    public void Hostile_paths_are_refused_with_a_reason(string path, string fragment)
    {
        Assert.False(RelayPath.TryParse(path, false, out _, out var reason));
        Assert.Contains(fragment, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_limits_are_in_utf8_bytes()
    {
        Assert.True(RelayPath.TryParse(new string('a', 255), false, out _, out _));
        Assert.False(RelayPath.TryParse(new string('a', 256), false, out _, out _));
        Assert.False(RelayPath.TryParse(new string('é', 128), false, out _, out var reason)); // 256 bytes
        Assert.Contains("255 bytes", reason, StringComparison.Ordinal);
        var deep = string.Join('/', Enumerable.Repeat(new string('d', 200), 21));
        Assert.False(RelayPath.TryParse(deep, false, out _, out reason));
        Assert.Contains("4096", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CON")]
    [InlineData("com1.txt")]
    [InlineData("trailing.")]
    [InlineData("trailing ")]
    [InlineData("a:b")]
    [InlineData("q?")]
    public void Portable_mode_refuses_what_windows_cannot_hold(string name)
    {
        Assert.True(RelayPath.TryParse(name, false, out _, out _));
        Assert.False(RelayPath.TryParse(name, true, out _, out _));
    }

    [Fact]
    public void Parent_name_sibling_and_collision_key()
    {
        var p = RelayPath.Parse("a/b/c.txt");
        Assert.Equal("c.txt", p.Name);
        Assert.Equal("a/b", p.Parent.Value);
        Assert.Equal("a/b/.c.txt.lock", p.Sibling(".c.txt.lock").Value);
        Assert.True(RelayPath.Parse("x.txt").Parent.IsRoot);
        Assert.Equal(RelayPath.CollisionKey("Photo.JPG"), RelayPath.CollisionKey("photo.jpg"));
        Assert.Equal(RelayPath.CollisionKey("\u00C5"), RelayPath.CollisionKey("A\u030A"));
        Assert.Throws<ArgumentException>(() => p.Parent.Append(".."));
    }

    [Fact]
    public void Printable_escapes_controls_for_logs()
    {
        Assert.Equal("a\\x0ab\\x1b[31m", RelayPath.Printable("a\nb\u001b[31m"));
    }
}
