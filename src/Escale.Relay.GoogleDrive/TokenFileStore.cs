using Google.Apis.Json;
using Google.Apis.Util.Store;

namespace Escale.Relay.GoogleDrive;

/// <summary>
/// Keeps the OAuth token (the refresh token is the secret) in one JSON file readable by its owner only.
/// The file is written under a temp name created 0600 and renamed, so it is never briefly world-readable.
/// </summary>
internal sealed class TokenFileStore(string path) : IDataStore
{
    public async Task StoreAsync<T>(string key, T value)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var f = new FileStream(temp, options))
        await using (var w = new StreamWriter(f))
        {
            await w.WriteAsync(NewtonsoftJsonSerializer.Instance.Serialize(value));
        }

        File.Move(temp, path, overwrite: true);
    }

    public Task DeleteAsync<T>(string key)
    {
        File.Delete(path);
        return Task.CompletedTask;
    }

    public async Task<T> GetAsync<T>(string key)
    {
        if (!File.Exists(path))
        {
            return default!;
        }

        var text = await File.ReadAllTextAsync(path);
        return NewtonsoftJsonSerializer.Instance.Deserialize<T>(text);
    }

    public Task ClearAsync() => DeleteAsync<object>("");
}
