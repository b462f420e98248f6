namespace Escale.Relay.Ftp.Quirks;

/// <summary>
/// Pure-FTPd (1.0.x). REST n + STOR cuts the file after the newly written part, where other servers
/// keep the old tail: resumed uploads are only safe when the rest of the file is rewritten too. With
/// quotas on (-n), the server keeps its counters in ".ftpquota" in the user's root: that is the
/// server's file, not a relay entry. A full quota answers 552 to STOR/APPE.
/// </summary>
internal sealed class PureFtpdQuirks : FtpServerQuirks
{
    public override string Name => "Pure-FTPd";

    public override bool IsServerFile(string name) => name == ".ftpquota";

    public override bool? RestStoreTruncates => true;

    public override string Notes => "REST+STOR truncates after the written part; .ftpquota hidden";
}
