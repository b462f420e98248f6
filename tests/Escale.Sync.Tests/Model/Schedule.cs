using FsCheck;
using FsCheck.Fluent;

namespace Escale.Sync.Tests.Model;

public enum StepKind
{
    Create,
    Modify,
    Delete,
    Rename,
    ConcurrentEdit,
    EditVsDelete,
    Offline,
    Online,
    Join,
    Kill,
    OfflineEdit,
}

/// <summary>
/// One step of a schedule. Its numbers are picks, resolved when the step runs (modulo the nodes online,
/// the files the model holds, the path pool), so that any list of steps is a valid schedule and
/// shrinking can drop steps freely.
/// </summary>
public sealed record Step(StepKind Kind, int Node, int Other, int Item)
{
    public override string ToString() => Kind switch
    {
        StepKind.Create => $"Create(node {Node}, path {Item})",
        StepKind.Modify or StepKind.Delete => $"{Kind}(node {Node}, file {Item})",
        StepKind.Rename => $"Rename(node {Node}, file {Item}, to path {Other})",
        StepKind.ConcurrentEdit or StepKind.EditVsDelete => $"{Kind}(node {Node}, other {Other}, file {Item})",
        StepKind.Offline or StepKind.Online => $"{Kind}(node {Node})",
        StepKind.OfflineEdit => $"OfflineEdit(offline node {Node}, its file {Item}, then back online; if none offline, node {Node} goes and other {Other} acts meanwhile)",
        StepKind.Kill => $"Kill(node {Node}, after {Item} relay operations of its next pass)",
        _ => Kind.ToString(),
    };
}

/// <summary>A run: how many nodes start, the relay quota (null: none), the steps.</summary>
public sealed record Schedule(int Nodes, long? Quota, IReadOnlyList<Step> Steps)
{
    public override string ToString() =>
        $"{Nodes} nodes, quota {(Quota is { } q ? q + " B" : "none")}, {Steps.Count} steps:\n    "
        + string.Join("\n    ", Steps.Select((s, i) => $"{i + 1}. {s}"));

    private static readonly Gen<Step> StepGen =
        from kind in Gen.Frequency(
            (5, Gen.Constant(StepKind.Create)),
            (4, Gen.Constant(StepKind.Modify)),
            (2, Gen.Constant(StepKind.Delete)),
            (3, Gen.Constant(StepKind.Rename)),
            (1, Gen.Constant(StepKind.ConcurrentEdit)),
            (1, Gen.Constant(StepKind.EditVsDelete)),
            (2, Gen.Constant(StepKind.Offline)),
            (1, Gen.Constant(StepKind.Online)),
            (1, Gen.Constant(StepKind.Join)),
            (2, Gen.Constant(StepKind.Kill)),
            (3, Gen.Constant(StepKind.OfflineEdit)))
        from node in Gen.Choose(0, 4)
        from other in Gen.Choose(0, 9)
        from item in Gen.Choose(kind == StepKind.Kill ? 1 : 0, kind == StepKind.Kill ? 30 : 9)
        select new Step(kind, node, other, item);

    private static readonly Gen<Schedule> ScheduleGen =
        from nodes in Gen.Choose(3, 4)
        from quota in Gen.Frequency((3, Gen.Constant<long?>(null)), (1, Gen.Choose(1, 3).Select(n => (long?)(n * 8))))
        from count in Gen.Choose(1, 12)
        from steps in StepGen.ArrayOf(count)
        select new Schedule(nodes, quota, steps);

    public static Arbitrary<Schedule> Arbitrary { get; } = Arb.From(ScheduleGen, Shrink);

    /// <summary>Simpler schedules first: no quota, three nodes, fewer steps (halves, then one at a time), earlier kills.</summary>
    private static IEnumerable<Schedule> Shrink(Schedule s)
    {
        if (s.Quota is not null)
        {
            yield return s with { Quota = null };
        }

        if (s.Nodes > 3)
        {
            yield return s with { Nodes = 3 };
        }

        var steps = s.Steps;
        for (var chunk = steps.Count / 2; chunk >= 1; chunk /= 2)
        {
            for (var start = 0; start + chunk <= steps.Count; start += chunk)
            {
                yield return s with { Steps = steps.Take(start).Concat(steps.Skip(start + chunk)).ToArray() };
            }
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var st = steps[i];
            var simpler = new List<Step>();
            if (st.Node > 0)
            {
                simpler.Add(st with { Node = 0 });
            }

            if (st.Kind == StepKind.Kill && st.Item > 1)
            {
                simpler.Add(st with { Item = st.Item / 2 });
            }
            else if (st.Item > 0 && st.Kind != StepKind.Kill)
            {
                simpler.Add(st with { Item = 0 });
            }

            foreach (var x in simpler)
            {
                var copy = steps.ToArray();
                copy[i] = x;
                yield return s with { Steps = copy };
            }
        }
    }
}
