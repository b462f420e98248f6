using Escale.Relay.Ftp.Tests.Servers;
using Escale.Testing;
using Escale.Testing.Delivery;

namespace Escale.Relay.Ftp.Tests;

/// <summary>Issue 10 scenarios 2, 4, 5 and 6 with real escale processes on pure-ftpd (plain FTP; the server is stopped and started for 6).</summary>
[Collection("pure-ftpd")]
public sealed class DeliveryTests : IDisposable, IDeliveryRelay
{
    private readonly PureFtpdServer _server;
    private readonly TempDir _dir = new("delivery-ftp");
    private readonly DeliveryScenarios _scenarios;

    public DeliveryTests(PureFtpdServer server)
    {
        _server = server;
        _scenarios = new DeliveryScenarios(this, _dir);
    }

    bool IDeliveryRelay.CanStop => true;

    public void Dispose() => _dir.Dispose();

    string IDeliveryRelay.Options(string relayDir) =>
        $"protocol = ftp\nhost address = 127.0.0.1\nport = {_server.Port}\nuser = {FtpTestServer.User}\npassword = {FtpTestServer.Password}\nrelay dir = /{relayDir}\ntimeout = 10";

    string IDeliveryRelay.DiskPath(string relayDir) => Path.Combine(_server.Root, relayDir);

    Task IDeliveryRelay.StopAsync() => _server.StopAsync(kill: true);

    async Task IDeliveryRelay.StartAsync()
    {
        await _server.StopAsync(kill: true); // idempotent: makes StartAsync safe to call when it runs
        await _server.StartAsync();
    }

    [Fact]
    public Task Same_section_name_in_two_configurations_never_shares_state() => _scenarios.Same_section_name_in_two_configurations_never_shares_state();

    [Fact]
    public Task Encryption_typo_or_mismatch_never_pushes_plaintext() => _scenarios.Encryption_typo_or_mismatch_never_pushes_plaintext();

    [Fact]
    public Task Missing_relay_folder_is_an_error_until_init() => _scenarios.Missing_relay_folder_is_an_error_until_init();

    [Fact]
    public Task Agent_started_offline_waits_and_recovers() => _scenarios.Agent_started_offline_waits_and_recovers();
}
