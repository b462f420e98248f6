using Escale.Core.Paths;
using Escale.Relay;

namespace Escale.Relay.Tests;

/// <summary>Holes 1 and 7 of issue 11: every temp and probe carries its writer's tag.</summary>
public sealed class RelayTempNamesTests
{
    [Fact]
    public void Temps_and_probes_carry_the_owner_tag_and_are_lock_shaped()
    {
        var tag = RelayTempNames.TagOf("node-a");
        var temp = RelayTempNames.For(RelayPath.Parse("d/file.bin"), tag);
        var probe = RelayTempNames.Probe(RelayPath.Root, tag);
        foreach (var p in new[] { temp, probe })
        {
            Assert.True(RelayTempNames.IsTemp(p.Name), p.Value);
            Assert.Equal(tag, RelayTempNames.OwnerTagOf(p.Name));
            Assert.StartsWith(".", p.Name);
            Assert.EndsWith(".lock", p.Name);
        }

        Assert.Equal("d", temp.Parent.Value);
        Assert.NotEqual(probe, RelayTempNames.Probe(RelayPath.Root, tag));
    }

    [Theory]
    [InlineData("")]
    [InlineData("node-a")]
    [InlineData("0000000")]
    public void An_owner_tag_that_is_not_a_tag_is_refused(string tag) =>
        Assert.Throws<ArgumentException>(() => RelayTempNames.For(RelayPath.Parse("f"), tag));

    [Fact]
    public void Old_untagged_probe_names_are_recognised_as_ours_with_no_owner()
    {
        Assert.True(RelayTempNames.IsTemp(".escale-probe-0a1b2c3d-a"));
        Assert.Null(RelayTempNames.OwnerTagOf(".escale-probe-0a1b2c3d-b"));
        Assert.False(RelayTempNames.IsTemp(".escale-probe-notes"));
        Assert.False(RelayTempNames.IsTemp("escale-probe-0a1b2c3d-a"));
    }
}
