using System.Reflection;

namespace HealthLedger.Sim.Reports;

/// <summary>
/// Orders a type's members as they are declared in source: base type first, then by metadata token, which the C#
/// compiler assigns in declaration order (for a positional record, the order of its parameters). Reflection's
/// <c>GetProperties</c> order is documented as unspecified, so reports do not rely on it.
/// </summary>
internal static class DeclarationOrder
{
    /// <summary>A sort key for <paramref name="member"/>: (depth of its declaring type, metadata token).</summary>
    public static (int Depth, int Token) KeyOf(MemberInfo member)
    {
        int depth = 0;
        for (Type? t = member.DeclaringType?.BaseType; t is not null; t = t.BaseType) depth++;
        return (depth, member.MetadataToken);
    }
}
