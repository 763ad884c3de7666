using System.Globalization;
using System.Numerics;

namespace HealthLedger.Sim.Risk;

/// <summary>
/// An exact fraction. Quorum shares such as 0.67 and weights such as 1/3 are kept exact so
/// that "reaches share q" is decided by integer comparison: 0.67 x 7 must be 4.69, never 4.6899999.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    /// <summary>Numerator; carries the sign.</summary>
    public BigInteger Numerator { get; }

    /// <summary>Denominator; always positive, and coprime with the numerator.</summary>
    public BigInteger Denominator { get; }

    /// <summary>Builds <paramref name="numerator"/> / <paramref name="denominator"/> in lowest terms.</summary>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("A rational's denominator must not be zero.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero) { numerator /= gcd; denominator /= gcd; }
        Numerator = numerator;
        Denominator = denominator.IsZero ? BigInteger.One : denominator;
    }

    /// <summary>The integer <paramref name="value"/>.</summary>
    public static Rational FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>Zero.</summary>
    public static Rational Zero => new(BigInteger.Zero, BigInteger.One);

    /// <summary>One.</summary>
    public static Rational One => new(BigInteger.One, BigInteger.One);

    /// <summary>True when the value is an integer.</summary>
    public bool IsInteger => Denominator.IsOne;

    /// <summary>The smallest integer not below this value.</summary>
    public BigInteger Ceiling()
    {
        var quotient = BigInteger.DivRem(Numerator, Denominator, out var remainder);
        return remainder.Sign > 0 ? quotient + 1 : quotient;
    }

    /// <summary>The largest integer not above this value.</summary>
    public BigInteger Floor()
    {
        var quotient = BigInteger.DivRem(Numerator, Denominator, out var remainder);
        return remainder.Sign < 0 ? quotient - 1 : quotient;
    }

    /// <summary>The nearest double; for display and for probabilities only, never for a quorum decision.</summary>
    public double ToDouble() => (double)Numerator / (double)Denominator;

    /// <summary>
    /// Parses an integer ("2"), a decimal ("0.67", read exactly as 67/100) or a fraction ("1/3"). Returns false with a
    /// reason on anything else, including exponents, signs written twice and empty text.
    /// </summary>
    public static bool TryParse(string? text, out Rational value, out string error)
    {
        value = Zero;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) { error = "is empty"; return false; }
        text = text.Trim();
        int slash = text.IndexOf('/');
        if (slash >= 0)
        {
            if (!TryParseDecimal(text[..slash], out var top) || !TryParseDecimal(text[(slash + 1)..], out var bottom))
            {
                error = $"'{text}' is not a number such as 0.8, 4/5 or 2";
                return false;
            }
            if (bottom.Numerator.IsZero) { error = $"'{text}' divides by zero"; return false; }
            value = top / bottom;
            return true;
        }
        if (!TryParseDecimal(text, out value))
        {
            error = $"'{text}' is not a number such as 0.8, 4/5 or 2";
            return false;
        }
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/> and throws <see cref="FormatException"/> on failure.</summary>
    public static Rational Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException($"Rational {error}.");

    private static bool TryParseDecimal(string text, out Rational value)
    {
        value = Zero;
        text = text.Trim();
        if (text.Length == 0) return false;
        bool negative = text[0] == '-';
        if (negative || text[0] == '+') text = text[1..];
        int dot = text.IndexOf('.');
        string whole = dot < 0 ? text : text[..dot];
        string fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (whole.Length + fraction.Length == 0) return false;
        if (!whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit)) return false;
        var digits = BigInteger.Parse("0" + whole + fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = BigInteger.Pow(10, fraction.Length);
        value = new Rational(negative ? -digits : digits, scale);
        return true;
    }

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>Difference.</summary>
    public static Rational operator -(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>Product.</summary>
    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>Quotient; throws on division by zero.</summary>
    public static Rational operator /(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>Ordering by value.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    /// <summary>Ordering by value.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    /// <summary>Ordering by value.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    /// <summary>Ordering by value.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>Equality by value.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    /// <summary>Inequality by value.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    /// <inheritdoc/>
    public int CompareTo(Rational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <inheritdoc/>
    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary>"n" for integers, "n/d" otherwise.</summary>
    public override string ToString() =>
        Denominator.IsOne
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
