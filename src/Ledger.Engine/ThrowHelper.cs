using System.Diagnostics.CodeAnalysis;

namespace HealthLedger.Engine;

/// <summary>Throws kept out of hot methods so they stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ArgumentLength(string name, int expected, int actual) =>
        throw new ArgumentException($"Expected {expected} bytes, got {actual}.", name);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    public static void Argument(string name, string message) => throw new ArgumentException(message, name);
}
