namespace Escale.Vfs;

/// <summary>A relay that offers nothing: a mount of just the local folder (benchmarks, plain use).</summary>
public sealed class NoRelayOffers : IRelayOffers, IWriteBack
{
    public static readonly NoRelayOffers Instance = new();

    event Action<string>? IRelayOffers.Changed { add { } remove { } }

    public IReadOnlyList<OfferedFile> ListOffers(string relativeDirectory) => [];

    public OfferedFile? FindOffer(string relativePath) => null;

    public Task FetchAsync(string relativePath, CancellationToken ct) => Task.CompletedTask;

    public string DescribeState(string relativePath) => "local";

    public void Changed(string relativePath)
    {
    }

    public void Renamed(string from, string to)
    {
    }

    public void Deleted(string relativePath)
    {
    }
}
