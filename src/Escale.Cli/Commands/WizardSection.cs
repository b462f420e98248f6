using System.Text;

namespace Escale.Cli.Commands;

/// <summary>One configuration section being built, in the order the lines will be written.</summary>
public sealed class WizardSection(string name)
{
    private readonly List<(string Key, string Value)> _lines = [];

    public string Name { get; } = name;

    /// <summary>Files written for this section (secret, key), removed again if the section is not kept.</summary>
    public List<string> CreatedFiles { get; } = [];

    public WizardSection Set(string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _lines.RemoveAll(l => l.Key == key);
            _lines.Add((key, value));
        }

        return this;
    }

    public string ToText()
    {
        var text = new StringBuilder().Append('[').Append(Name).Append("]\n");
        foreach (var (k, v) in _lines)
        {
            text.Append(k).Append(" = ").Append(v.Replace("\n", "\n\t", StringComparison.Ordinal)).Append('\n');
        }

        return text.ToString();
    }

    public void DeleteCreatedFiles()
    {
        foreach (var f in CreatedFiles)
        {
            File.Delete(f);
        }
    }
}
