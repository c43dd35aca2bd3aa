using System.Text.RegularExpressions;
using Mesh.Model.Validation;

namespace Mesh.Grains.Naming;

/// <summary>
/// Length and character rules for every identifier that enters the model (service names, endpoint and proxy ids,
/// route and subset names, labels, addresses). One place, so the API, the UI and the proxy protocol agree.
/// </summary>
public static partial class NameRules
{
    public const int MaxServiceName = 253;
    public const int MaxId = 128;
    public const int MaxName = 63;
    public const int MaxLabelKey = 63;
    public const int MaxLabelValue = 63;
    public const int MaxLabels = 32;
    public const int MaxAddress = 2048;

    /// <summary>A DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending alphanumeric.</summary>
    public static void Service(string? value, string path, ICollection<FieldError> errors) =>
        Check(value, path, MaxServiceName, ServicePattern(), "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit", errors);

    /// <summary>Endpoint and proxy ids: letters, digits, '-', '_', '.', ':'.</summary>
    public static void Id(string? value, string path, ICollection<FieldError> errors) =>
        Check(value, path, MaxId, IdPattern(), "letters, digits, '-', '_', '.' and ':', starting and ending with a letter or digit", errors);

    /// <summary>Route and subset names.</summary>
    public static void Name(string? value, string path, ICollection<FieldError> errors) =>
        Check(value, path, MaxName, NamePattern(), "letters, digits, '-', '_' and '.', starting and ending with a letter or digit", errors);

    /// <summary>Label maps: at most <see cref="MaxLabels"/> entries of checked keys and values.</summary>
    public static void Labels(IReadOnlyDictionary<string, string>? labels, string path, ICollection<FieldError> errors)
    {
        if (labels is null)
        {
            return;
        }

        if (labels.Count > MaxLabels)
        {
            errors.Add(new FieldError(path, $"has {labels.Count} labels; at most {MaxLabels} are allowed"));
            return;
        }

        foreach (var (key, value) in labels)
        {
            var keyPath = $"{path}.{key}";
            if (!Fits(key, MaxLabelKey, LabelKeyPattern()))
            {
                errors.Add(new FieldError(keyPath, $"label key must be 1-{MaxLabelKey} letters, digits, '-', '_', '.' or '/', starting and ending with a letter or digit"));
            }
            else if (value is null || value.Length > MaxLabelValue || !LabelValuePattern().IsMatch(value))
            {
                errors.Add(new FieldError(keyPath, $"label value must be at most {MaxLabelValue} letters, digits, '-', '_' or '.', starting and ending with a letter or digit"));
            }
        }
    }

    /// <summary>An absolute http or https URL with a host and no path, query or fragment.</summary>
    public static void Address(string? value, string path, ICollection<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new FieldError(path, "is required"));
            return;
        }

        if (value.Length > MaxAddress
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath != "/"
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0)
        {
            errors.Add(new FieldError(path, "must be an absolute http or https URL with a host and port only, such as http://127.0.0.1:9001"));
        }
    }

    private static void Check(string? value, string path, int max, Regex pattern, string what, ICollection<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new FieldError(path, "is required"));
        }
        else if (!Fits(value, max, pattern))
        {
            errors.Add(new FieldError(path, $"must be 1-{max} characters: {what}"));
        }
    }

    private static bool Fits(string? value, int max, Regex pattern) =>
        !string.IsNullOrEmpty(value) && value.Length <= max && pattern.IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ServicePattern();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKeyPattern();

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValuePattern();
}
