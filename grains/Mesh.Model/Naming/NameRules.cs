using System.Net;
using System.Text.RegularExpressions;
using Mesh.Model.Validation;

namespace Mesh.Model.Naming;

/// <summary>
/// Length and character rules for every identifier that enters the model (service names, endpoint and proxy ids,
/// route and subset names, labels, addresses). The grains, the Rules API, the proxy API and the proxy agent all check
/// names here, so a name one of them accepts is never refused by another.
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

    /// <summary>
    /// A DNS-1123 subdomain of at most <see cref="MaxServiceName"/> characters: dot-separated labels of lower-case
    /// letters, digits and '-', each starting and ending with a letter or digit; and not an IP address (a Host that is
    /// an address never names a service).
    /// </summary>
    public static bool IsServiceName(string? value) =>
        value is { Length: > 0 and <= MaxServiceName } && ServicePattern().IsMatch(value) && !IPAddress.TryParse(value, out _);

    /// <summary>An endpoint or proxy id: letters, digits, '-', '_', '.', ':', starting and ending with a letter or digit.</summary>
    public static bool IsId(string? value) => Fits(value, MaxId, IdPattern());

    /// <summary>A route or subset name (also a header or cookie name to hash on).</summary>
    public static bool IsName(string? value) => Fits(value, MaxName, NamePattern());

    /// <summary>A non-empty label value such as a version.</summary>
    public static bool IsLabelValue(string? value) => value is { Length: > 0 } && Fits(value, MaxLabelValue, LabelValuePattern());

    public static void Service(string? value, string path, ICollection<FieldError> errors) =>
        Check(value, path, IsServiceName, MaxServiceName, "dot-separated parts of lower-case letters, digits and '-', each starting and ending with a letter or digit, and not an IP address", errors);

    public static void Id(string? value, string path, ICollection<FieldError> errors) =>
        Check(value, path, IsId, MaxId, "letters, digits, '-', '_', '.' and ':', starting and ending with a letter or digit", errors);

    public static void Name(string? value, string path, ICollection<FieldError> errors) =>
        Check(value, path, IsName, MaxName, "letters, digits, '-', '_' and '.', starting and ending with a letter or digit", errors);

    /// <summary>Label maps: at most <see cref="MaxLabels"/> entries of checked keys and values (a value may be empty).</summary>
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
            else if (value is null || !Fits(value, MaxLabelValue, LabelValuePattern()))
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

    private static void Check(string? value, string path, Func<string?, bool> rule, int max, string what, ICollection<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new FieldError(path, "is required"));
        }
        else if (!rule(value))
        {
            errors.Add(new FieldError(path, $"must be 1-{max} characters: {what}"));
        }
    }

    private static bool Fits(string? value, int max, Regex pattern) =>
        value is not null && value.Length <= max && pattern.IsMatch(value);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ServicePattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKeyPattern();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValuePattern();
}
