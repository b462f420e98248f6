using Escale.Core.Config;
using Escale.Sync.State;

namespace Escale.Cli.Commands;

/// <summary>
/// A read-only look at a repository's state for status, queue and wait-idle: the journal is copied
/// to a temp folder and opened there. Opening the real state would take its exclusive lock (an
/// agent starting in that moment would refuse to run) and compact its journal; a torn last line in
/// the copy is dropped like after a crash.
/// </summary>
public sealed class CtlStateSnapshot : IDisposable
{
    private readonly string _dir;

    private CtlStateSnapshot(string dir, StateStore state)
    {
        _dir = dir;
        State = state;
    }

    public StateStore State { get; }

    /// <summary>Null when the repository never ran on this node.</summary>
    public static CtlStateSnapshot? Open(RepositoryConfig repo)
    {
        var journal = Path.Combine(repo.StateDir, "state.journal");
        if (!File.Exists(journal))
        {
            return null;
        }

        var dir = Path.Combine(Path.GetTempPath(), "escalectl-state-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.Copy(journal, Path.Combine(dir, "state.journal"));
            return new CtlStateSnapshot(dir, StateStore.Open(dir));
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        State.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
