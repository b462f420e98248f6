using Escale.Core.Config;

namespace Escale.Agent;

/// <summary>Creates the repository's local folder, with one clear line when that cannot be done.</summary>
public static class LocalFolder
{
    public static void Ensure(RepositoryConfig config, string root)
    {
        var where = $"{config.File}:{config.LineOf("local path")}: [{config.Name}]";
        if (File.Exists(root))
        {
            throw new ConfigException($"{where}: local path {root} is a file, not a folder");
        }

        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // e.g. a parent that is a file, a read-only mount, no permission: say which and where.
            var why = e is UnauthorizedAccessException ? "permission denied" : File.Exists(Path.GetDirectoryName(root) ?? "") ? "its parent is a file" : e.Message;
            throw new ConfigException($"{where}: local path {root} cannot be created: {why}");
        }
    }
}
