using System.Globalization;
using System.Text.RegularExpressions;
using Mesh.Model.Naming;
using Mesh.Model.Routing;
using Mesh.Model.Validation;

namespace Mesh.Grains.Routing;

/// <summary>The optional parts of a route: match, timeout, retries, fault injection and mirroring.</summary>
internal static partial class RouteOptionsValidator
{
    public const int MaxConditions = 32;
    public const int MaxMatchValue = 1024;
    public const int MaxRegex = 256;

    /// <summary>The largest bound of a counted repetition (<c>{n}</c>, <c>{n,m}</c>) in a regex.</summary>
    public const int MaxRepetition = 100;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
    };

    public static void Validate(Route route, string path, List<FieldError> errors)
    {
        if (route.Match is { } match)
        {
            ValidateMatch(match, $"{path}.match", errors);
        }

        var timeout = Duration(route.Timeout, $"{path}.timeout", errors);
        if (route.Retries is { } retries)
        {
            if (retries.Attempts is not { } attempts || attempts is < 1 or > 10)
            {
                errors.Add(new FieldError($"{path}.retries.attempts", "must be an integer from 1 to 10"));
            }

            var perTry = Duration(retries.PerTryTimeout, $"{path}.retries.perTryTimeout", errors);
            if (perTry > timeout)
            {
                errors.Add(new FieldError($"{path}.retries.perTryTimeout", $"is longer than the route's timeout ({route.Timeout})"));
            }

            var conditions = retries.RetryOn ?? [];
            if (conditions.Count == 0)
            {
                errors.Add(new FieldError($"{path}.retries.retryOn", $"must list at least one of {string.Join(", ", RetryConditions.All)}"));
            }

            for (var i = 0; i < conditions.Count; i++)
            {
                if (conditions[i] is null || !RetryConditions.IsKnown(conditions[i]))
                {
                    errors.Add(new FieldError($"{path}.retries.retryOn[{i}]", $"must be one of {string.Join(", ", RetryConditions.All)}"));
                }
            }
        }

        if (route.Fault is { } fault)
        {
            if (fault.Delay is null && fault.Abort is null)
            {
                errors.Add(new FieldError($"{path}.fault", "must have a delay, an abort, or both"));
            }

            if (fault.Delay is { } delay)
            {
                Percent(delay.Percent, $"{path}.fault.delay.percent", errors, required: true);
                if (delay.FixedDelay is null)
                {
                    errors.Add(new FieldError($"{path}.fault.delay.fixedDelay", "is required"));
                }

                Duration(delay.FixedDelay, $"{path}.fault.delay.fixedDelay", errors);
            }

            if (fault.Abort is { } abort)
            {
                Percent(abort.Percent, $"{path}.fault.abort.percent", errors, required: true);
                if (abort.HttpStatus is not { } status || status is < 200 or > 599)
                {
                    errors.Add(new FieldError($"{path}.fault.abort.httpStatus", "must be an HTTP status from 200 to 599"));
                }
            }
        }

        if (route.Mirror is { } mirror)
        {
            NameRules.Name(mirror.Subset, $"{path}.mirror.subset", errors);
            Percent(mirror.Percent, $"{path}.mirror.percent", errors, required: false);
        }
    }

    private static void ValidateMatch(RouteMatch match, string path, List<FieldError> errors)
    {
        Conditions(match.Headers, $"{path}.headers", HeaderName(), "a header name", errors);
        Conditions(match.Query, $"{path}.query", ParameterName(), "a query parameter name", errors);
        Conditions(match.Cookies, $"{path}.cookies", ParameterName(), "a cookie name", errors);
        if (match.Path is not null && match.PathPrefix is not null)
        {
            errors.Add(new FieldError($"{path}.pathPrefix", "cannot be given together with path"));
        }

        if (match.Path is { } pathMatch)
        {
            String(pathMatch, $"{path}.path", errors);
            if ((pathMatch.Exact ?? pathMatch.Prefix) is { } value && !value.StartsWith('/'))
            {
                errors.Add(new FieldError($"{path}.path", "must start with '/'"));
            }
        }

        if (match.PathPrefix is { } prefix && (!prefix.StartsWith('/') || prefix.Length > MaxMatchValue))
        {
            errors.Add(new FieldError($"{path}.pathPrefix", $"must start with '/' and be at most {MaxMatchValue} characters"));
        }

        var methods = match.Methods ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < methods.Count; i++)
        {
            if (methods[i] is null || !Methods.Contains(methods[i]))
            {
                errors.Add(new FieldError($"{path}.methods[{i}]", $"must be an upper-case HTTP method ({string.Join(", ", Methods)})"));
            }
            else if (!seen.Add(methods[i]))
            {
                errors.Add(new FieldError($"{path}.methods[{i}]", $"'{methods[i]}' is listed twice"));
            }
        }
    }

    private static void Conditions(IReadOnlyDictionary<string, StringMatch>? conditions, string path, Regex names, string what, List<FieldError> errors)
    {
        if (conditions is null)
        {
            return;
        }

        if (conditions.Count > MaxConditions)
        {
            errors.Add(new FieldError(path, $"has {conditions.Count} conditions; at most {MaxConditions} are allowed"));
            return;
        }

        foreach (var (name, match) in conditions)
        {
            if (name.Length > 128 || !names.IsMatch(name))
            {
                errors.Add(new FieldError($"{path}.{name}", $"'{name}' is not {what}"));
            }
            else if (match is null)
            {
                errors.Add(new FieldError($"{path}.{name}", "must be an object with exact, prefix, regex or present"));
            }
            else
            {
                String(match, $"{path}.{name}", errors);
            }
        }
    }

    /// <summary>Exactly one kind of match; a regex must compile in linear-time (non-backtracking) mode.</summary>
    private static void String(StringMatch match, string path, List<FieldError> errors)
    {
        var kinds = (match.Exact is null ? 0 : 1) + (match.Prefix is null ? 0 : 1) + (match.Regex is null ? 0 : 1) + (match.Present is null ? 0 : 1);
        if (kinds != 1)
        {
            errors.Add(new FieldError(path, "must have exactly one of exact, prefix, regex or present"));
            return;
        }

        if ((match.Exact ?? match.Prefix) is { Length: > MaxMatchValue })
        {
            errors.Add(new FieldError(path, $"is longer than {MaxMatchValue} characters"));
        }

        if (match.Regex is { } pattern)
        {
            if (pattern.Length > MaxRegex)
            {
                errors.Add(new FieldError($"{path}.regex", $"is longer than {MaxRegex} characters"));
                return;
            }

            try
            {
                _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                errors.Add(new FieldError($"{path}.regex", $"is not a valid linear-time regular expression: {e.Message}"));
                return;
            }

            // Linear time is not cheap time: a counted repetition of alternatives ("(a|aa|aaa){500}") compiles, but
            // builds an automaton that costs a proxy minutes on its first 1 KB header. Bounds stay small, as in RE2.
            if (LargestRepetition(pattern) is > MaxRepetition and var bound)
            {
                errors.Add(new FieldError($"{path}.regex", $"repeats up to {bound} times; counted repetitions are limited to {MaxRepetition}"));
            }
        }
    }

    private static long LargestRepetition(string pattern)
    {
        long largest = 0;
        foreach (Match quantifier in RepetitionBounds().Matches(pattern))
        {
            foreach (var bound in new[] { quantifier.Groups[1], quantifier.Groups[2] }.Where(g => g.Length > 0))
            {
                largest = Math.Max(largest, long.TryParse(bound.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue);
            }
        }

        return largest;
    }

    private static TimeSpan? Duration(string? text, string path, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!DurationRules.TryParseWithin(text, MaxDuration, out var duration))
        {
            errors.Add(new FieldError(path, "must be a duration from 1ms to 1h such as 250ms, 2s or 1m"));
            return null;
        }

        return duration;
    }

    private static void Percent(double? value, string path, List<FieldError> errors, bool required)
    {
        if (value is null ? required : value is < 0 or > 100 || double.IsNaN(value.Value))
        {
            errors.Add(new FieldError(path, "must be a number from 0 to 100"));
        }
    }

    /// <summary>A quantifier <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c>, unless its brace is escaped as a literal.</summary>
    [GeneratedRegex("(?<!\\\\)\\{(\\d+)(?:,(\\d*))?\\}", RegexOptions.CultureInvariant)]
    private static partial Regex RepetitionBounds();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~:\\[\\]-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
