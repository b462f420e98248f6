using Escale.Core.Config;

namespace Escale.Core.Tests;

public sealed class ByteRateTests
{
    [Theory]
    [InlineData("2M", 2L << 20)]
    [InlineData("512K", 512L << 10)]
    [InlineData("512k", 512L << 10)]
    [InlineData("100", 100L << 10)] // rclone: KiB/s when no unit
    [InlineData("100B", 100L)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("1T", 1L << 40)]
    [InlineData(" 3m ", 3L << 20)]
    [InlineData("off", null)]
    [InlineData("0", null)]
    public void Rates_use_rclone_suffixes(string text, long? expected) => Assert.Equal(expected, ByteRate.Parse(text));

    [Theory]
    [InlineData("fast")]
    [InlineData("2MB/s")]
    [InlineData("-1M")]
    [InlineData("")]
    public void Bad_rates_are_refused(string text) => Assert.Throws<FormatException>(() => ByteRate.Parse(text));

    [Fact]
    public void Up_and_down_can_differ()
    {
        Assert.Equal((10L << 20, 100L << 10), ByteRate.ParsePair("10M:100K"));
        Assert.Equal((null, 1L << 20), ByteRate.ParsePair("off:1M"));
        Assert.Equal((2L << 20, 2L << 20), ByteRate.ParsePair("2M"));
    }

    [Theory]
    [InlineData(null, "off")]
    [InlineData(5L << 20, "5 MiB/s")]
    [InlineData(1536L, "1.5 KiB/s")]
    [InlineData(100L, "100 B/s")]
    public void Rates_are_shown_in_IEC_units(long? rate, string text) => Assert.Equal(text, ByteRate.Format(rate));

    [Fact]
    public void Config_gives_each_direction_its_limit()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var file = Path.Combine(dir.FullName, "escale.conf");
            File.WriteAllText(file, "relay dir = /tmp/r\nbandwidth limit = 4M\n[a]\nlocal path = /tmp/a\nupload limit = 1M\n[b]\nlocal path = /tmp/b\nbwlimit = 1M:off\n");
            var config = EscaleConfig.Load(file);
            var a = config.Repositories.Single(r => r.Name == "a");
            var b = config.Repositories.Single(r => r.Name == "b");
            Assert.Equal((1L << 20, 4L << 20), (a.UploadLimit, a.DownloadLimit));
            Assert.Equal((1L << 20, (long?)null), (b.UploadLimit, b.DownloadLimit));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
