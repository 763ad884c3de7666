using System.Globalization;
using System.Numerics;

namespace HealthLedger.Engine.Consensus;

/// <summary>
/// An exact share in [0, 1] held as a reduced fraction, so threshold decisions never depend on floating-point
/// rounding. Written as a decimal ("0.8", "0.67") or a fraction ("4/5"). A weight reaches a share of a total when
/// weight × denominator ≥ numerator × total: inclusive, and compared in integers.
/// </summary>
public readonly record struct Share
{
    /// <summary>The largest denominator accepted, so that products with 128-bit weights stay cheap.</summary>
    public const long MaxDenominator = 1_000_000_000_000;

    /// <summary>Creates <paramref name="numerator"/>/<paramref name="denominator"/>, reduced; throws for a value
    /// outside [0, 1] or a denominator outside 1..<see cref="MaxDenominator"/>.</summary>
    public Share(long numerator, long denominator)
    {
        if (denominator <= 0 || denominator > MaxDenominator)
            ThrowHelper.Argument(nameof(denominator), $"A share's denominator must be in 1..{MaxDenominator}, not {denominator}.");
        if (numerator < 0 || numerator > denominator)
            ThrowHelper.Argument(nameof(numerator), $"A share must lie in [0, 1], not {numerator}/{denominator}.");
        long g = (long)BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = numerator / g;
        Denominator = denominator / g;
    }

    /// <summary>The numerator of the reduced fraction.</summary>
    public long Numerator { get; }

    /// <summary>The denominator of the reduced fraction (at least 1).</summary>
    public long Denominator { get; }

    /// <summary>A whole percentage, 0..100.</summary>
    public static Share Percent(int percent) => new(percent, 100);

    /// <summary>True when <paramref name="weight"/> is at least this share of <paramref name="total"/> (inclusive).
    /// A zero total is reached only by the zero share.</summary>
    public bool IsReachedBy(BigInteger weight, BigInteger total) => weight * Denominator >= Numerator * total;

    /// <summary>True when <paramref name="weight"/> ≥ this share × <paramref name="total"/> (exact: 128-bit products).
    /// The same test as the <see cref="BigInteger"/> overload, for counts, without its cost.</summary>
    public bool IsReachedBy(long weight, long total) => (Int128)weight * Denominator >= (Int128)Numerator * total;

    /// <summary>True when <paramref name="weight"/> is strictly more than this share of <paramref name="total"/>.</summary>
    public bool IsExceededBy(BigInteger weight, BigInteger total) => weight * Denominator > Numerator * total;

    /// <summary>Parses "0.8", "0.67", "1", "4/5" or "80%"; false (with a reason) for anything else or a value
    /// outside [0, 1].</summary>
    public static bool TryParse(string? text, out Share share, out string? error)
    {
        share = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "a share is empty"; return false; }
        string s = text.Trim();
        try
        {
            if (s.EndsWith('%'))
            {
                if (!TryParseDecimal(s[..^1], out long pn, out long pd)) { error = $"'{text}' is not a percentage"; return false; }
                return Make(pn, checked(pd * 100), text, out share, out error);
            }
            int slash = s.IndexOf('/');
            if (slash >= 0)
            {
                if (!long.TryParse(s[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ||
                    !long.TryParse(s[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long d))
                {
                    error = $"'{text}' is not a fraction of two non-negative integers"; return false;
                }
                return Make(n, d, text, out share, out error);
            }
            if (!TryParseDecimal(s, out long num, out long den)) { error = $"'{text}' is not a decimal number"; return false; }
            return Make(num, den, text, out share, out error);
        }
        catch (OverflowException)
        {
            error = $"'{text}' has too many digits";
            return false;
        }
    }

    /// <summary>Parses like <see cref="TryParse"/> or throws <see cref="FormatException"/> naming the problem.</summary>
    public static Share Parse(string text) =>
        TryParse(text, out var share, out var error) ? share : throw new FormatException($"Invalid share: {error}.");

    private static bool Make(long n, long d, string text, out Share share, out string? error)
    {
        share = default;
        error = null;
        if (d <= 0 || d > MaxDenominator) { error = $"'{text}' has a denominator outside 1..{MaxDenominator}"; return false; }
        if (n > d) { error = $"'{text}' is greater than 1"; return false; }
        share = new Share(n, d);
        return true;
    }

    private static bool TryParseDecimal(string s, out long numerator, out long denominator)
    {
        numerator = 0;
        denominator = 1;
        int dot = s.IndexOf('.');
        string whole = dot < 0 ? s : s[..dot];
        string frac = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length == 0 && frac.Length == 0) return false;
        foreach (char c in whole) if (c is < '0' or > '9') return false;
        foreach (char c in frac) if (c is < '0' or > '9') return false;
        foreach (char c in whole) numerator = checked(numerator * 10 + (c - '0'));
        foreach (char c in frac)
        {
            numerator = checked(numerator * 10 + (c - '0'));
            denominator = checked(denominator * 10);
        }
        return true;
    }

    /// <summary>The fraction as a decimal when it has a short one, otherwise "n/d".</summary>
    public override string ToString()
    {
        long d = Denominator;
        int digits = 0;
        while (d % 10 == 0) { d /= 10; digits++; }
        while (d % 2 == 0 || d % 5 == 0)
        {
            // Denominators made only of 2s and 5s have a finite decimal; find its length.
            if (d % 2 == 0) d /= 2; else d /= 5;
            digits++;
        }
        if (d != 1) return $"{Numerator}/{Denominator}";
        var value = (decimal)Numerator / Denominator;
        return value.ToString("0." + new string('#', Math.Max(digits, 1)), CultureInfo.InvariantCulture);
    }
}
