using System.Security.Cryptography;
using System.Text;

namespace Escale.Sync.Parts;

/// <summary>
/// Where a repository keeps its part journals and download spools: <c>STATE/parts/KEY.push</c> and
/// <c>STATE/parts/KEY/</c>, KEY = 32 hex digits of SHA-256 of the file's relay path (names on disk stay short and
/// never carry user text). In the state folder, so both survive a restart and kill -9.
/// </summary>
internal static class PartFolders
{
    public static string Root(string stateFolder) => Path.Combine(stateFolder, "parts");

    public static string Key(string relayPath) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relayPath)).AsSpan(0, 16));
}
