using Escale.Core.Config;

namespace Escale.Crypto;

/// <summary>Builds the codec a repository's <c>encryption</c> option asks for.</summary>
public static class PayloadCodecs
{
    public static IPayloadCodec Create(RepositoryConfig config) => config.Encryption switch
    {
        "off" => new PlainCodec(config.HashAlgorithm),
        var other => throw new ConfigException($"{config.File}:{config.LineOf("encryption")}: encryption '{other}' is not available in this build"),
    };
}
