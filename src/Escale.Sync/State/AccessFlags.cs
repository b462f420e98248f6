namespace Escale.Sync.State;

/// <summary>
/// Per-file access modifiers of the original (<c>escalectl access FILE r- w+</c>):
/// <c>r</c> = the file may be read to be pushed, <c>w</c> = it may be written (overwritten) by a pull.
/// Null means the default (allowed).
/// </summary>
public readonly record struct AccessFlags(bool? Read, bool? Write)
{
    public bool MayPush => Read ?? true;

    public bool MayPull => Write ?? true;

    public bool IsDefault => Read is null && Write is null;

    public override string ToString() => $"r{Sign(Read)} w{Sign(Write)}";

    private static string Sign(bool? v) => v switch
    {
        true => "+",
        false => "-",
        null => "?",
    };
}
