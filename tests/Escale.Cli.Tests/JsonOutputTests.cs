using System.Text.Json;
using Escale.Cli.Commands;
using Escale.Cli.Json;
using Escale.Sync.Status;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// <c>--json</c> shapes: the exact names and types scripts rely on (a rename must fail here), from the
/// serializer and from the real commands on a local relay.
/// </summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly TwoNodeSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public void The_status_shape_is_camel_case_with_bytes_seconds_and_iso_times()
    {
        var at = new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero);
        var view = new CtlRepositoryView(
            "docs",
            "file:///relay",
            4242,
            null,
            [new CtlTransfer("big.bin", TransferDirection.Push, 1L << 30, 1L << 29, 4 << 20)],
            ["queued.txt"],
            [new Offer("offered.txt", 10, at, "bob")],
            [new FileStatus("a.txt", FileState.OnRelay, 1, 2) { Delivery = "pulled by 1 of 2: bob; waiting: carol" }],
            "pushed 1",
            at);
        var json = CtlJson.Serialize(new JsonShapes.StatusDocument([JsonShapes.Status(view, queueOnly: false)]));
        Assert.Equal(
            """
            {
              "repositories": [
                {
                  "name": "docs",
                  "relay": "file:///relay",
                  "relayState": "reachable",
                  "relayError": null,
                  "offlineSince": null,
                  "agentPid": 4242,
                  "queue": [
                    "queued.txt"
                  ],
                  "transfers": [
                    {
                      "path": "big.bin",
                      "direction": "push",
                      "done": 536870912,
                      "total": 1073741824,
                      "percent": 50,
                      "bytesPerSecond": 4194304,
                      "etaSeconds": 128
                    }
                  ],
                  "offers": [
                    {
                      "path": "offered.txt",
                      "size": 10,
                      "modified": "2026-12-07T01:02:03+00:00",
                      "pusher": "bob"
                    }
                  ],
                  "files": [
                    {
                      "path": "a.txt",
                      "state": "onRelay",
                      "description": "on relay (pulled by 1 of 2: bob; waiting: carol)",
                      "pulled": 1,
                      "expected": 2
                    }
                  ],
                  "lastPass": "pushed 1",
                  "lastPassAt": "2026-12-07T01:02:03+00:00",
                  "idle": false,
                  "pausedSince": null,
                  "pausedUntil": null
                }
              ]
            }
            """,
            json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_expired_payload_is_state_expired_with_who_is_owed_it()
    {
        var view = new CtlRepositoryView("docs", "file:///relay", null, null, [], [], [],
            [new FileStatus("mine.txt", FileState.Expired) { Delivery = "owed: carol" }, new FileStatus("theirs.txt", FileState.Expired) { Delivery = FileStatus.OwedToThisNode }], null);
        using var doc = JsonDocument.Parse(CtlJson.Serialize(JsonShapes.Status(view, queueOnly: false)));
        var files = doc.RootElement.GetProperty("files");
        Assert.Equal("expired", files[0].GetProperty("state").GetString());
        Assert.Equal("expired on relay, owed: carol", files[0].GetProperty("description").GetString());
        Assert.Equal("expired on relay, owed to this node", files[1].GetProperty("description").GetString());
    }

    [Fact]
    public void The_queue_shape_leaves_offers_and_files_out_and_bandwidth_is_bytes_per_second()
    {
        var view = new CtlRepositoryView("docs", "file:///relay", null, "timed out", [], [], [], [], null);
        using var queue = JsonDocument.Parse(CtlJson.Serialize(JsonShapes.Status(view, queueOnly: true)));
        Assert.Equal(JsonValueKind.Null, queue.RootElement.GetProperty("offers").ValueKind);
        Assert.Equal(JsonValueKind.Null, queue.RootElement.GetProperty("agentPid").ValueKind);
        Assert.Equal("unreachable", queue.RootElement.GetProperty("relayState").GetString());
        Assert.True(queue.RootElement.GetProperty("idle").GetBoolean());
        Assert.Equal("""{"upload":2097152,"download":null}""", JsonSerializer.Serialize(new JsonShapes.BandwidthJson(2 << 20, null), new JsonSerializerOptions(CtlJson.Options) { WriteIndented = false }));
    }

    [Fact]
    public async Task Status_members_probe_and_access_print_one_json_document()
    {
        File.WriteAllText(Path.Combine(_setup.A, "a.txt"), "from A");
        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", _setup.ConfA, "--once"])).Code);
        Assert.Equal(0, (await CliProcess.RunAsync("escale", ["-c", _setup.ConfB, "--once"])).Code);

        using (var status = await JsonOf("status", "-c", _setup.ConfA))
        {
            var repo = status.RootElement.GetProperty("repositories").EnumerateArray().Single();
            Assert.Equal(
                ["name", "relay", "relayState", "relayError", "offlineSince", "agentPid", "queue", "transfers", "offers", "files", "lastPass", "lastPassAt", "idle", "pausedSince", "pausedUntil"],
                repo.EnumerateObject().Select(p => p.Name));
            Assert.Equal("repo", repo.GetProperty("name").GetString());
            Assert.Equal("reachable", repo.GetProperty("relayState").GetString());
            var file = repo.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "a.txt");
            Assert.Equal(JsonValueKind.String, file.GetProperty("state").ValueKind);
        }

        using (var queue = await JsonOf("queue", "-c", _setup.ConfA))
        {
            Assert.Equal(JsonValueKind.Null, queue.RootElement.GetProperty("repositories")[0].GetProperty("files").ValueKind);
        }

        using (var members = await JsonOf("members", "-c", _setup.ConfA))
        {
            var list = members.RootElement.GetProperty("repositories")[0].GetProperty("members").EnumerateArray().ToList();
            Assert.Equal(["nodeA", "nodeB"], list.Select(m => m.GetProperty("name").GetString()));
            Assert.Equal(["name", "id", "joined", "lastSeen", "pulls", "retired", "lacks", "thisNode"], list[0].EnumerateObject().Select(p => p.Name));
            Assert.True(list[0].GetProperty("thisNode").GetBoolean());
            Assert.False(list[1].GetProperty("thisNode").GetBoolean());
            Assert.Equal(0, list[1].GetProperty("lacks").GetInt32());
        }

        using (var probe = await JsonOf("probe", "-c", _setup.ConfA))
        {
            var repo = probe.RootElement.GetProperty("repositories")[0];
            Assert.True(repo.GetProperty("reachable").GetBoolean());
            Assert.Equal(JsonValueKind.True, repo.GetProperty("capabilities").GetProperty("atomicCreateNew").ValueKind);
            Assert.Equal(JsonValueKind.Number, repo.GetProperty("capabilities").GetProperty("timePrecisionSeconds").ValueKind);
        }

        using (var access = await JsonOf("access", "-c", _setup.ConfA, "a.txt", "r-"))
        {
            Assert.Equal("""{"path":"a.txt","read":false,"write":null,"flags":"r- w?"}""", JsonSerializer.Serialize(access.RootElement));
        }
    }

    private static async Task<JsonDocument> JsonOf(params string[] args)
    {
        var (code, output) = await CliProcess.RunAsync("escalectl", [.. args, "--json"]);
        Assert.True(code == 0, output);
        return JsonDocument.Parse(output);
    }
}
