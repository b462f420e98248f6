using System.CommandLine;
using Escale.Agent.Operations;
using Escale.Sync.Members;

namespace Escale.Cli.Commands;

/// <summary>
/// <c>members</c> lists the nodes registered on each repository's relay; <c>forget NODE</c> retires one
/// (a node gone for good): versions stop waiting for it. A retired node that runs again joins anew.
/// </summary>
public static class CtlMembersCommand
{
    public static Command BuildMembers()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository to list (default: all)");
        var json = Json.CtlJson.Option();
        var command = new Command("members", "list the nodes of each repository: name, id, last seen, versions they still lack")
        {
            config, sections, json,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var document = new List<Json.JsonShapes.RepositoryMembersJson>();
            foreach (var repo in CtlRun.Select(parse.GetValue(config), parse.GetValue(sections) ?? []))
            {
                await using var store = await CtlRelay.OpenAsync(repo, ct);
                var lines = await MembersReport.ReadAsync(store, ct);
                if (parse.GetValue(json))
                {
                    document.Add(new(repo.Name, lines.Select(l => new Json.JsonShapes.MemberJson(
                        l.Member.Name, l.Member.Id, DateTimeOffset.FromUnixTimeSeconds(l.Member.Joined), DateTimeOffset.FromUnixTimeSeconds(l.Member.Seen),
                        l.Member.Pulls, l.Member.IsRetired, l.Undelivered, l.Member.Name == repo.Client)).ToList()));
                    continue;
                }

                if (lines.Count == 0)
                {
                    Console.WriteLine($"[{repo.Name}] no member has registered on this relay yet");
                }

                foreach (var (m, undelivered) in lines)
                {
                    var seen = DateTimeOffset.FromUnixTimeSeconds(m.Seen).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
                    var what = m.IsRetired ? "retired" : m.Pulls ? $"lacks {undelivered} version(s)" : "upload only";
                    var me = m.Name == repo.Client ? " (this node)" : "";
                    Console.WriteLine($"[{repo.Name}] member: {Core.Paths.RelayPath.Printable(m.Name)}{me}, id {m.Id}, last seen {seen} UTC, {what}");
                }
            }

            if (parse.GetValue(json))
            {
                Json.CtlJson.Write(new Json.JsonShapes.MembersDocument(document));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command BuildForget()
    {
        var config = Cli.ConfigOption();
        var sections = Cli.SectionOption("repository (needed when there are several)");
        var node = new Argument<string>("NODE") { Description = "the member's name or id (escalectl members lists them)" };
        var command = new Command("forget", "retire a member that is gone for good: versions stop waiting for it")
        {
            config, sections, node,
        };
        command.SetAction(parse => CtlRun.Run(async ct =>
        {
            var repo = CtlRun.SelectOne(parse.GetValue(config), null, parse.GetValue(sections) ?? []);
            var name = parse.GetValue(node)!;
            await using var store = await CtlRelay.OpenAsync(repo, ct);
            var members = await MemberDirectory.ReadAsync(store, ct);
            var retired = await MemberDirectory.RetireAsync(store, members, name, DateTimeOffset.UtcNow, ct)
                ?? throw new OperationException($"[{repo.Name}] no member named or numbered '{Core.Paths.RelayPath.Printable(name)}' (escalectl members lists them)");
            Console.WriteLine($"[{repo.Name}] {Core.Paths.RelayPath.Printable(retired.Name)} (id {retired.Id}) is retired: versions no longer wait for it; if it runs again it joins anew");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
