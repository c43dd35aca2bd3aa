namespace Mesh.AdminUi.Editing;

/// <summary>One condition of an A/B rule being edited: what is looked at, how, and the value.</summary>
public sealed class ConditionDraft
{
    /// <summary>header, query, cookie, path or method.</summary>
    public string Kind { get; set; } = "header";

    /// <summary>The header, query parameter or cookie name (unused for path and method).</summary>
    public string Key { get; set; } = "";

    /// <summary>exact, prefix, regex or present (method is always exact).</summary>
    public string Operator { get; set; } = "exact";

    public string Value { get; set; } = "";
}
