namespace Escale.Crypto;

/// <summary>
/// What the codec may bind the payload to. <paramref name="RelayPath"/> is the file's path relative
/// to the relay root, '/'-separated, exactly as pushers and pullers both name it (aead binds the
/// payload to it, so a payload moved to another name fails). <paramref name="PlainLength"/> is the
/// exact plaintext length on push; on pull, a negative value means "not known" and skips the
/// length comparison. <paramref name="MtimeSeconds"/> is stored (aead) but not checked on pull.
/// </summary>
public sealed record PayloadInfo(string RelayPath, long PlainLength, long MtimeSeconds);
