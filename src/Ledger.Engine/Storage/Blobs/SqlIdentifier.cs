namespace HealthLedger.Engine.Storage.Blobs;

/// <summary>Schema and table names for the SQL stores. They are spliced into statements (SQL has no parameters for
/// identifiers), so only plain identifiers are accepted: a letter or underscore, then letters, digits or
/// underscores, at most 63 characters (PostgreSQL's limit). Lower case only, so the quoted and unquoted spellings
/// name the same table in PostgreSQL.</summary>
internal static class SqlIdentifier
{
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 63) return false;
        if (!(name[0] == '_' || char.IsAsciiLetterLower(name[0]))) return false;
        foreach (char c in name)
            if (!(c == '_' || char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))) return false;
        return true;
    }

    /// <summary>A programmer's error (names come from configuration and code, not from peers): fail fast.</summary>
    public static string Require(string name, string parameter)
    {
        if (!IsValid(name))
            ThrowHelper.Argument(parameter, $"'{name}' is not a plain SQL identifier: use 1-63 lower-case letters, digits or underscores, not starting with a digit.");
        return name;
    }
}
