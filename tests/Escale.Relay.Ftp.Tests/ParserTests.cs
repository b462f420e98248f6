using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Listing;

namespace Escale.Relay.Ftp.Tests;

public sealed class ParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("-rw-r--r--    1 1000     1000           11 Mar 05 12:34 hello.txt", "hello.txt", 11)]
    [InlineData("-rw-------    1 ftp      ftp          2048 Mar 05 12:34 a  name  with spaces ", "a  name  with spaces ", 2048)]
    [InlineData("-rw-r--r--   1 escaleftp escaleftp        3 Dec 31  2024 ünïcødé ✓.txt", "ünïcødé ✓.txt", 3)]
    [InlineData("-rw-r--r--    1 999        escaleftp           3 Nov 21 05:55 -leading-dash.txt", "-leading-dash.txt", 3)]
    [InlineData("drwxr-xr-x    2 1000     1000         4096 Mar 01 09:00 dir with space", "dir with space", 0)]
    public void Unix_list_lines(string line, string name, long size)
    {
        var e = UnixListParser.Parse(line, Now);
        Assert.NotNull(e);
        Assert.Equal(name, e!.Name);
        Assert.Equal(size, e.Size);
        Assert.Equal(line[0] == 'd', e.IsDirectory);
        Assert.NotNull(e.Modified);
    }

    [Theory]
    [InlineData("total 12")]
    [InlineData("lrwxrwxrwx    1 0        0               7 Mar 05 12:34 link -> target")]
    [InlineData("drwxr-xr-x    2 0        0            4096 Mar 05 12:34 .")]
    public void Unix_list_lines_that_are_not_entries(string line) => Assert.Null(UnixListParser.Parse(line, Now));

    [Fact]
    public void Unix_list_times_without_a_year_are_within_the_last_year()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 12, 34, 0, TimeSpan.Zero), UnixListParser.ParseTime("Mar", "05", "12:34", Now));
        Assert.Equal(new DateTimeOffset(2025, 12, 24, 8, 0, 0, TimeSpan.Zero), UnixListParser.ParseTime("Dec", "24", "08:00", Now));
        Assert.Equal(new DateTimeOffset(2019, 7, 1, 0, 0, 0, TimeSpan.Zero), UnixListParser.ParseTime("Jul", "1", "2019", Now));
    }

    [Fact]
    public void Mlsd_lines_keep_spaces_and_semicolons_in_names()
    {
        var e = MlsxParser.Parse("type=file;size=42;modify=20260305123456.789;UNIX.mode=0644; semi;colon name .txt");
        Assert.Equal(" semi;colon name .txt"[1..], e!.Name);
        Assert.Equal(42, e.Size);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 12, 34, 56, 789, TimeSpan.Zero), e.Modified);
        Assert.True(MlsxParser.Parse("Type=dir;Modify=20260305123456; sub")!.IsDirectory);
        Assert.Null(MlsxParser.Parse("type=cdir;modify=20260305123456; ."));
        Assert.Null(MlsxParser.Parse("type=OS.unix=slink:/x;modify=20260305123456; l"));
    }

    [Fact]
    public void Mlst_reply_fact_line()
    {
        var text = "Start of list for /a b\n type=file;size=3;modify=20260305123456; /a b\nEnd of list";
        Assert.Equal("type=file;size=3;modify=20260305123456; /a b", MlsxParser.FactLine(text));
        Assert.Equal("a b", MlsxParser.Parse(MlsxParser.FactLine(text)!, "a b")!.Name);
    }

    [Fact]
    public void Feat_reply()
    {
        var f = FtpFeatures.Parse(new FtpReply(211, "Features:\n EPRT\n EPSV\n MDTM\n MLST type*;size*;modify*;\n REST STREAM\n SIZE\n UTF8\nEnd"));
        Assert.True(f.Mlsd && f.Epsv && f.Utf8 && f.Size && f.Mdtm && f.RestStream);
        Assert.False(f.Mfmt);
        Assert.False(FtpFeatures.Parse(new FtpReply(500, "unknown")).Has("SIZE"));
    }

    [Theory]
    [InlineData("ftp.example.org")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Tls_session_names_differ_per_live_connection(string host)
    {
        var names = Enumerable.Range(0, 40).Select(_ => FtpTlsSessionNames.Acquire(host)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.True(FtpTlsSessionNames.IsSynthetic(n) || string.Equals(n, host, StringComparison.OrdinalIgnoreCase)));
        names.ForEach(FtpTlsSessionNames.Release);
    }

    [Theory]
    [InlineData("(vsFTPd 3.0.3)", "EPSV", "vsftpd")]
    [InlineData("Welcome", "ESTA MLST", "Pure-FTPd")]
    [InlineData("ProFTPD Server (x) [127.0.0.1]", "MLST", "ProFTPD")]
    [InlineData("FTP server ready", "CSID RANG MLST", "ProFTPD")]
    [InlineData("Microsoft FTP Service", "MLST", "generic FTP server")]
    public void Server_family_from_greeting_or_feat(string banner, string feat, string name)
    {
        var features = FtpFeatures.Parse(new FtpReply(211, "Features:\n " + string.Join("\n ", feat.Split(' ')) + "\nEnd"));
        Assert.Equal(name, Quirks.FtpServerQuirks.Detect(banner, features).Name);
    }

    [Theory]
    [InlineData(530, "Other", RelayErrorKind.Authentication)]
    [InlineData(552, "Write", RelayErrorKind.QuotaExceeded)]
    [InlineData(452, "Write", RelayErrorKind.QuotaExceeded)]
    [InlineData(550, "Read", RelayErrorKind.NotFound)]
    [InlineData(550, "Write", RelayErrorKind.Permanent)]
    [InlineData(421, "Other", RelayErrorKind.Transient)]
    [InlineData(425, "Read", RelayErrorKind.Transient)]
    public void Replies_translate_once(int code, string operation, RelayErrorKind kind) =>
        Assert.Equal(kind, FtpErrors.ForReply(new FtpReply(code, "text"), "X", Enum.Parse<FtpOperation>(operation), "h:21").Kind);
}
