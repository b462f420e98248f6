using Escale.Sync.Status;
using Spectre.Console;

namespace Escale.Cli.Commands;

/// <summary>
/// Prints repository statuses: a Spectre.Console table on a terminal, plain stable lines otherwise
/// (scripts and tests read those: one fact per line, <c>[name] key: value</c>).
/// </summary>
public static class CtlStatusPrinter
{
    public static void Print(IReadOnlyList<CtlRepositoryView> views, bool queueOnly)
    {
        if (Console.IsOutputRedirected)
        {
            foreach (var v in views)
            {
                PrintPlain(v, queueOnly);
            }

            return;
        }

        foreach (var v in views)
        {
            PrintTable(v, queueOnly);
        }
    }

    // Names, pushers, pullers and errors come from the relay: control characters are escaped before
    // they reach a terminal (an ESC sequence could rewrite the screen), then markup for Spectre.
    private static void WriteLine(string line) => Console.WriteLine(Escale.Agent.Logging.LogEscaper.Escape(line));

    private static string Safe(string text) => Markup.Escape(Escale.Agent.Logging.LogEscaper.Escape(text));

    private static string Relay(CtlRepositoryView v) =>
        v.OfflineSince is { } since ? $"offline since {since.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz}" + (v.RelayError is null ? "" : ": " + v.RelayError)
        : v.RelayError is null ? "reachable" : "unreachable: " + v.RelayError;

    private static string Agent(CtlRepositoryView v) =>
        v.Agent is not { } pid ? "not running"
        : v.PausedSince is { } since ? $"running (pid {pid}), {Paused(since, v.PausedUntil)}"
        : $"running (pid {pid})";

    /// <summary><c>paused (since 2026-12-07 10:00:00 +01:00, until 2026-12-07 11:00:00 +01:00)</c>.</summary>
    public static string Paused(DateTimeOffset since, DateTimeOffset? until) =>
        $"paused (since {since.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz}" + (until is { } u ? $", until {u.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz})" : ", until resumed)");

    /// <summary><c>push a.bin: 45% of 2.0 GiB, 12.3 MiB/s, ETA 0:42</c>.</summary>
    private static string Progress(CtlTransfer t) =>
        $"{(t.Direction == TransferDirection.Push ? "push" : "pull")} {t.Path}: {Terminal.Iec.Progress(t.Done, t.Total, t.BytesPerSecond)}";

    private static void PrintPlain(CtlRepositoryView v, bool queueOnly)
    {
        var p = $"[{v.Name}]";
        WriteLine($"{p} relay {v.Relay}: {Relay(v)}");
        WriteLine($"{p} agent: {Agent(v)}");
        WriteLine($"{p} queued: {v.Queue.Count}, transferring: {v.Transfers.Count}, offers: {v.Offers.Count}");
        foreach (var t in v.Transfers)
        {
            WriteLine($"{p} transfer: {Progress(t)}");
        }

        foreach (var q in v.Queue)
        {
            WriteLine($"{p} queued: {q}");
        }

        if (queueOnly)
        {
            return;
        }

        foreach (var o in v.Offers)
        {
            WriteLine($"{p} offer: {o.Path}" + (o.Pusher is null ? "" : $" from {o.Pusher}"));
        }

        foreach (var f in v.Files)
        {
            WriteLine($"{p} file: {f.Path}: {f.Describe()}");
        }

        if (v.LastPass is not null)
        {
            WriteLine($"{p} last pass: {v.LastPass}");
        }
    }

    private static void PrintTable(CtlRepositoryView v, bool queueOnly)
    {
        var header = new Table().Border(TableBorder.Rounded).Title($"[bold]{Safe(v.Name)}[/]").HideHeaders();
        header.AddColumn("key").AddColumn("value");
        header.AddRow("relay", Safe($"{v.Relay}: {Relay(v)}"));
        header.AddRow("agent", Safe(Agent(v)));
        header.AddRow("queue", $"{v.Queue.Count} queued, {v.Transfers.Count} transferring, {v.Offers.Count} offered");
        if (v.LastPass is not null)
        {
            header.AddRow("last pass", Safe(v.LastPass));
        }

        AnsiConsole.Write(header);
        var files = new Table().Border(TableBorder.Simple);
        files.AddColumn("file").AddColumn("state");
        foreach (var t in v.Transfers)
        {
            files.AddRow(Safe(t.Path), Safe(Progress(t)));
        }

        foreach (var q in v.Queue)
        {
            files.AddRow(Safe(q), "queued");
        }

        if (!queueOnly)
        {
            foreach (var f in v.Files.Where(f => !v.Queue.Contains(f.Path)))
            {
                files.AddRow(Safe(f.Path), Safe(f.Describe() + (f.State == FileState.Offered ? Pusher(v, f.Path) : "")));
            }
        }

        if (files.Rows.Count > 0)
        {
            AnsiConsole.Write(files);
        }
    }

    private static string Pusher(CtlRepositoryView v, string path) =>
        v.Offers.FirstOrDefault(o => o.Path == path)?.Pusher is { } pusher ? $" (from {pusher})" : "";
}
