using System.Text.Json;
using System.Text.RegularExpressions;
using Escale.Testing;

namespace Escale.Cli.Tests;

/// <summary>
/// <c>escalectl status</c> against a running agent in the middle of a slow push: percentage, rate and ETA
/// of the transfer, in the text and in --json (the rate is measured by the agent and sent with its status).
/// </summary>
public sealed partial class StatusProgressTests : IDisposable
{
    private readonly TwoNodeSetup _setup = new("bandwidth limit = 256K\nrefresh = 2");

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task Status_shows_percentage_rate_and_eta_of_a_running_transfer()
    {
        var data = new byte[3 << 20]; // 12 s at 256 KiB/s
        Random.Shared.NextBytes(data);
        File.WriteAllBytes(Path.Combine(_setup.A, "slow.bin"), data);
        using var agent = CliProcess.Start("escale", ["-c", _setup.ConfA]);

        JsonElement? transfer = null;
        for (var polls = 0; polls < 300 && transfer is null; polls++)
        {
            Assert.False(agent.HasExited, agent.Output);
            var (code, output) = await CliProcess.RunAsync("escalectl", ["status", "-c", _setup.ConfA, "--json"]);
            Assert.True(code == 0, output);
            using var doc = JsonDocument.Parse(output);
            var transfers = doc.RootElement.GetProperty("repositories")[0].GetProperty("transfers");
            if (transfers.GetArrayLength() == 1 && transfers[0].GetProperty("bytesPerSecond").ValueKind == JsonValueKind.Number)
            {
                transfer = transfers[0].Clone();
            }
            else
            {
                await Task.Delay(200);
            }
        }

        Assert.NotNull(transfer);
        var t = transfer.Value;
        Assert.Equal("slow.bin", t.GetProperty("path").GetString());
        Assert.Equal("push", t.GetProperty("direction").GetString());
        Assert.Equal(3 << 20, t.GetProperty("total").GetInt64());
        Assert.InRange(t.GetProperty("percent").GetInt32(), 0, 100);
        Assert.True(t.GetProperty("bytesPerSecond").GetDouble() > 0);
        Assert.True(t.GetProperty("etaSeconds").GetDouble() >= 0);

        // The text form of the same: "[repo] transfer: push slow.bin: 40% of 3.0 MiB, 256.0 KiB/s, ETA 0:07".
        var (_, text) = await CliProcess.RunAsync("escalectl", ["status", "-c", _setup.ConfA]);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("[repo] transfer:", StringComparison.Ordinal));
        if (line is not null) // the push may have ended in between
        {
            Assert.Matches(TransferLine(), line);
        }

        agent.Signal(15);
        await agent.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [GeneratedRegex(@"^\[repo\] transfer: push slow\.bin: \d{1,3}% of 3\.0 MiB(, \d+(\.\d)? (B|KiB|MiB)/s, ETA \d+:\d\d)?$")]
    private static partial Regex TransferLine();
}
