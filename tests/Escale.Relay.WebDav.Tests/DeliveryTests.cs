using Escale.Relay.WebDav.Tests.Servers;
using Escale.Testing;
using Escale.Testing.Delivery;

namespace Escale.Relay.WebDav.Tests;

/// <summary>Issue 10 scenarios 2, 4, 5 and 6 with real escale processes on Apache mod_dav (its own instance: 6 stops and starts it).</summary>
public sealed class DeliveryTests : IClassFixture<ApacheHttp>, IDisposable, IDeliveryRelay
{
    private readonly ApacheHttp _server;
    private readonly TempDir _dir = new("delivery-webdav");
    private readonly DeliveryScenarios _scenarios;

    public DeliveryTests(ApacheHttp server)
    {
        _server = server;
        _scenarios = new DeliveryScenarios(this, _dir);
    }

    bool IDeliveryRelay.CanStop => true;

    public void Dispose() => _dir.Dispose();

    string IDeliveryRelay.Options(string relayDir) =>
        $"protocol = webdav\nhost address = http://127.0.0.1:{_server.Port}/\nuser = {WebDavTestServer.User}\npassword = {WebDavTestServer.Password}\nrelay dir = {relayDir}\ntimeout = 10";

    string IDeliveryRelay.DiskPath(string relayDir) => Path.Combine(_server.Data, relayDir);

    Task IDeliveryRelay.StopAsync() => _server.StopAsync();

    async Task IDeliveryRelay.StartAsync()
    {
        await _server.StopAsync();
        await _server.StartAgainAsync();
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
