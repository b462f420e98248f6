using Escale.Testing;
using Escale.Testing.Delivery;

namespace Escale.Cli.Tests;

/// <summary>Issue 10 scenarios 2, 4 and 5 on a local-folder relay (a folder cannot be "unreachable": scenario 6 runs on the servers).</summary>
public sealed class DeliveryLocalTests : IDisposable, IDeliveryRelay
{
    private readonly TempDir _dir = new("delivery-local");
    private readonly DeliveryScenarios _scenarios;

    public DeliveryLocalTests()
    {
        _scenarios = new DeliveryScenarios(this, _dir);
    }

    bool IDeliveryRelay.CanStop => false;

    public void Dispose() => _dir.Dispose();

    string IDeliveryRelay.Options(string relayDir) => $"protocol = file\nrelay dir = {Path.Combine(_dir.Path, "relays", relayDir)}";

    string IDeliveryRelay.DiskPath(string relayDir) => Path.Combine(_dir.Path, "relays", relayDir);

    Task IDeliveryRelay.StopAsync() => throw new NotSupportedException();

    Task IDeliveryRelay.StartAsync() => Task.CompletedTask;

    [Fact]
    public Task Same_section_name_in_two_configurations_never_shares_state() => _scenarios.Same_section_name_in_two_configurations_never_shares_state();

    [Fact]
    public Task Encryption_typo_or_mismatch_never_pushes_plaintext() => _scenarios.Encryption_typo_or_mismatch_never_pushes_plaintext();

    [Fact]
    public Task Missing_relay_folder_is_an_error_until_init() => _scenarios.Missing_relay_folder_is_an_error_until_init();
}
