namespace HealthLedger.Sim.Risk;

/// <summary>
/// One count per validator group, in the seed's order (3.4): data generators, data receivers, data monitors. Used for
/// group sizes, for how many validators of each group are compromised, and for how many of each group signed.
/// </summary>
public readonly record struct GroupCounts(int Generators, int Receivers, int Monitors)
{
    /// <summary>The number of groups; the seed fixes it at three.</summary>
    public const int GroupCount = 3;

    /// <summary>The group names, indexed like <see cref="this[int]"/>.</summary>
    public static IReadOnlyList<string> GroupNames { get; } = ["generators", "receivers", "monitors"];

    /// <summary>The count of group <paramref name="group"/> (0, 1 or 2).</summary>
    public int this[int group] => group switch
    {
        0 => Generators,
        1 => Receivers,
        2 => Monitors,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "There are three groups: 0, 1 and 2."),
    };

    /// <summary>The sum over the three groups.</summary>
    public int Total => Generators + Receivers + Monitors;

    /// <summary>Builds counts from a function of the group index.</summary>
    public static GroupCounts From(Func<int, int> countOfGroup) => new(countOfGroup(0), countOfGroup(1), countOfGroup(2));

    /// <summary>A copy with group <paramref name="group"/> set to <paramref name="count"/>.</summary>
    public GroupCounts With(int group, int count)
    {
        var self = this;
        return From(g => g == group ? count : self[g]);
    }

    /// <summary>Per-group difference.</summary>
    public static GroupCounts operator -(GroupCounts a, GroupCounts b) => From(g => a[g] - b[g]);

    /// <summary>Per-group sum.</summary>
    public static GroupCounts operator +(GroupCounts a, GroupCounts b) => From(g => a[g] + b[g]);

    /// <summary>"a,b,c", the form the command line takes.</summary>
    public override string ToString() => $"{Generators},{Receivers},{Monitors}";
}
