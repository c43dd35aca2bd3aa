using System.Diagnostics.CodeAnalysis;

namespace Mesh.ProxyAgent.Matching;

/// <summary>
/// A compiled <see cref="RequestMatchSpec"/>: whether a request meets every condition of a route. Immutable and
/// thread-safe, built once per config version.
/// </summary>
/// <remarks>
/// Evaluation reads the raw request: no dictionaries are built for the query string or cookies, a single-field
/// header and an unencoded query value are matched in place, and only a multi-field header or a percent-encoded
/// query value allocates a string. Conditions are tried cheapest first (method, path, headers, query, cookies) and
/// the first that fails ends the evaluation. The path is <see cref="HttpRequest.Path"/>: percent-decoded by ASP.NET
/// Core (but for <c>%2F</c>), without the query, and <c>/</c> when empty.
/// </remarks>
internal sealed class RequestMatcher
{
    private readonly string[] _methods;
    private readonly StringMatcher? _path;
    private readonly KeyValuePair<string, StringMatcher>[] _headers;
    private readonly KeyValuePair<string, StringMatcher>[] _query;
    private readonly KeyValuePair<string, StringMatcher>[] _cookies;

    private RequestMatcher(
        string[] methods,
        StringMatcher? path,
        KeyValuePair<string, StringMatcher>[] headers,
        KeyValuePair<string, StringMatcher>[] query,
        KeyValuePair<string, StringMatcher>[] cookies)
    {
        _methods = methods;
        _path = path;
        _headers = headers;
        _query = query;
        _cookies = cookies;
    }

    /// <summary>The matcher without conditions: it matches every request.</summary>
    public static RequestMatcher Any { get; } = new([], null, [], [], []);

    /// <summary>Whether this matcher has no conditions, so callers can skip evaluating it.</summary>
    public bool MatchesEverything => _methods.Length == 0 && _path is null && _headers.Length == 0 && _query.Length == 0 && _cookies.Length == 0;

    /// <summary>
    /// Compiles <paramref name="spec"/> (null is <see cref="Any"/>), or says why it cannot be, naming the condition:
    /// a bad string match, an empty name or method.
    /// </summary>
    public static bool TryCreate(RequestMatchSpec? spec, [NotNullWhen(true)] out RequestMatcher? matcher, [NotNullWhen(false)] out string? error)
    {
        matcher = null;
        if (spec is null)
        {
            matcher = Any;
            error = null;
            return true;
        }

        StringMatcher? path = null;
        if (spec.Path is { } pathSpec && !StringMatcher.TryCreate(pathSpec, out path, out var pathError))
        {
            error = $"path {pathError}";
            return false;
        }

        var methods = spec.Methods?.ToArray() ?? [];
        if (methods.Any(string.IsNullOrEmpty))
        {
            error = "methods has an empty method";
            return false;
        }

        if (!TryCompile(spec.Headers, "headers", out var headers, out error)
            || !TryCompile(spec.Query, "query", out var query, out error)
            || !TryCompile(spec.Cookies, "cookies", out var cookies, out error))
        {
            return false;
        }

        matcher = new RequestMatcher(methods, path, headers, query, cookies);
        return true;
    }

    /// <summary>Compiles <paramref name="spec"/>; throws <see cref="ArgumentException"/> where <see cref="TryCreate"/> would fail.</summary>
    public static RequestMatcher Create(RequestMatchSpec? spec) =>
        TryCreate(spec, out var matcher, out var error) ? matcher : throw new ArgumentException(error, nameof(spec));

    /// <summary>Whether <paramref name="request"/> meets every condition.</summary>
    public bool Matches(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_methods.Length > 0 && Array.IndexOf(_methods, request.Method) < 0)
        {
            return false;
        }

        if (_path is not null && !_path.MatchesPresent(request.Path.HasValue ? request.Path.Value : "/"))
        {
            return false;
        }

        foreach (var (name, matcher) in _headers)
        {
            if (!matcher.Matches(RequestValues.Header(request, name)))
            {
                return false;
            }
        }

        foreach (var (name, matcher) in _query)
        {
            var matched = RequestValues.TryGetQuery(request.QueryString, name, out var raw)
                ? matcher.MatchesPresent(RequestValues.DecodeQuery(raw))
                : matcher.Matches(null);
            if (!matched)
            {
                return false;
            }
        }

        foreach (var (name, matcher) in _cookies)
        {
            var matched = RequestValues.TryGetCookie(request, name, out var value) ? matcher.MatchesPresent(value) : matcher.Matches(null);
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryCompile(
        IReadOnlyDictionary<string, StringMatchSpec>? specs,
        string what,
        out KeyValuePair<string, StringMatcher>[] compiled,
        [NotNullWhen(false)] out string? error)
    {
        compiled = new KeyValuePair<string, StringMatcher>[specs?.Count ?? 0];
        var i = 0;
        foreach (var (name, spec) in specs ?? new Dictionary<string, StringMatchSpec>())
        {
            if (string.IsNullOrEmpty(name))
            {
                error = $"{what} has an empty name";
                return false;
            }

            if (spec is null)
            {
                error = $"{what}.{name} has no match";
                return false;
            }

            if (!StringMatcher.TryCreate(spec, out var matcher, out var specError))
            {
                error = $"{what}.{name} {specError}";
                return false;
            }

            compiled[i++] = new(name, matcher);
        }

        error = null;
        return true;
    }
}
