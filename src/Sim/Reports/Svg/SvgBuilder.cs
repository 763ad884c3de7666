using System.Globalization;
using System.Text;

namespace HealthLedger.Sim.Reports.Svg;

/// <summary>
/// Appends SVG elements to a string with every number in one fixed format (see <see cref="Num"/>), attributes in a
/// fixed order and "\n" after each element, so equal charts are equal bytes.
/// </summary>
internal sealed class SvgBuilder
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public SvgBuilder(double widthPx, double heightPx, string title)
    {
        _text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        _text.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Num(widthPx))
            .Append("\" height=\"").Append(Num(heightPx))
            .Append("\" viewBox=\"0 0 ").Append(Num(widthPx)).Append(' ').Append(Num(heightPx))
            .Append("\" font-family=\"").Append(ChartText.FontFamily).Append("\">\n");
        _depth = 1;
        Indent().Append("<title>").Append(Escape(title)).Append("</title>\n");
    }

    /// <summary>
    /// A coordinate or size rounded to 1/100 px (finer is invisible) in invariant culture without trailing zeros,
    /// and never "-0".
    /// </summary>
    public static string Num(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "An SVG coordinate must be finite.");
        double rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        if (rounded == 0) rounded = 0; // turns -0 into 0
        return rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes text for element content and attribute values.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char ch in text)
        {
            switch (ch)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&apos;"); break;
                // Control characters are not allowed in XML 1.0; a label never needs them.
                case < ' ' when ch is not ('\t' or '\n' or '\r'): escaped.Append('?'); break;
                default: escaped.Append(ch); break;
            }
        }
        return escaped.ToString();
    }

    public void OpenGroup(string attributes)
    {
        Indent().Append("<g ").Append(attributes).Append(">\n");
        _depth++;
    }

    public void CloseGroup()
    {
        _depth--;
        Indent().Append("</g>\n");
    }

    public void Raw(string element) => Indent().Append(element).Append('\n');

    public void Rect(double x, double y, double width, double height, string fill, string? stroke = null, string? extra = null)
    {
        var e = Indent().Append("<rect x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y))
            .Append("\" width=\"").Append(Num(Math.Max(0, width))).Append("\" height=\"").Append(Num(Math.Max(0, height)))
            .Append("\" fill=\"").Append(fill).Append('"');
        if (stroke is not null) e.Append(" stroke=\"").Append(stroke).Append('"');
        if (extra is not null) e.Append(' ').Append(extra);
        e.Append("/>\n");
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null)
    {
        var e = Indent().Append("<line x1=\"").Append(Num(x1)).Append("\" y1=\"").Append(Num(y1))
            .Append("\" x2=\"").Append(Num(x2)).Append("\" y2=\"").Append(Num(y2))
            .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(Num(strokeWidth)).Append('"');
        if (dash is not null) e.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        e.Append("/>\n");
    }

    public void Path(string data, string stroke, double strokeWidth, string? extra = null)
    {
        var e = Indent().Append("<path d=\"").Append(data).Append("\" fill=\"none\" stroke=\"").Append(stroke)
            .Append("\" stroke-width=\"").Append(Num(strokeWidth)).Append("\" stroke-linejoin=\"round\"");
        if (extra is not null) e.Append(' ').Append(extra);
        e.Append("/>\n");
    }

    public void Circle(double cx, double cy, double r, string fill)
    {
        Indent().Append("<circle cx=\"").Append(Num(cx)).Append("\" cy=\"").Append(Num(cy)).Append("\" r=\"").Append(Num(r))
            .Append("\" fill=\"").Append(fill).Append("\"/>\n");
    }

    /// <summary>Text at (x, y) (the baseline's anchor point), optionally rotated about that point.</summary>
    public void Text(double x, double y, string text, TextAnchor anchor, double fontSizePx, string fill = ChartText.Colour,
        double rotateDeg = 0, bool bold = false)
    {
        var e = Indent().Append("<text x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y))
            .Append("\" font-size=\"").Append(Num(fontSizePx)).Append("\" fill=\"").Append(fill).Append('"');
        if (anchor != TextAnchor.Start) e.Append(" text-anchor=\"").Append(anchor == TextAnchor.Middle ? "middle" : "end").Append('"');
        if (bold) e.Append(" font-weight=\"bold\"");
        if (rotateDeg != 0) e.Append(" transform=\"rotate(").Append(Num(rotateDeg)).Append(' ').Append(Num(x)).Append(' ').Append(Num(y)).Append(")\"");
        e.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    public string Finish()
    {
        _depth = 0;
        _text.Append("</svg>\n");
        return _text.ToString();
    }

    private StringBuilder Indent() => _text.Append(' ', _depth * 2);
}

/// <summary>Where a text element's x coordinate sits along the text.</summary>
internal enum TextAnchor
{
    Start,
    Middle,
    End,
}
