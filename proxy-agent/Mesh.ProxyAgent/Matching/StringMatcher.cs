using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Mesh.ProxyAgent.Matching;

/// <summary>
/// A compiled <see cref="StringMatchSpec"/>. Values are compared ordinally (case-sensitive); a regex runs in
/// non-backtracking mode, so a match costs time linear in the value's length whatever the pattern, and matches the
/// whole value. Immutable and thread-safe.
/// </summary>
internal sealed class StringMatcher
{
    /// <summary>
    /// The longest pattern the proxy compiles. A backstop above the API's own limit: a non-backtracking regex runs in
    /// time proportional to pattern size × value length, so bounding the pattern bounds the cost of every match.
    /// </summary>
    public const int MaxRegexLength = 1024;

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private readonly string? _exact;
    private readonly string? _prefix;
    private readonly Regex? _regex;
    private readonly bool? _present;

    private StringMatcher(StringMatchSpec spec, Regex? regex)
    {
        _exact = spec.Exact;
        _prefix = spec.Prefix;
        _present = spec.Present;
        _regex = regex;
    }

    /// <summary>
    /// Compiles <paramref name="spec"/>, or says why it cannot be: not exactly one kind of match, or a pattern that
    /// does not compile in non-backtracking mode (backreferences, lookarounds, atomic groups) or is too long.
    /// </summary>
    public static bool TryCreate(StringMatchSpec spec, [NotNullWhen(true)] out StringMatcher? matcher, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        matcher = null;
        var kinds = (spec.Exact is null ? 0 : 1) + (spec.Prefix is null ? 0 : 1) + (spec.Regex is null ? 0 : 1) + (spec.Present is null ? 0 : 1);
        if (kinds != 1)
        {
            error = "must have exactly one of exact, prefix, regex or present";
            return false;
        }

        Regex? regex = null;
        if (spec.Regex is { } pattern && !TryCompile(pattern, out regex, out error))
        {
            return false;
        }

        matcher = new StringMatcher(spec, regex);
        error = null;
        return true;
    }

    /// <summary>Compiles <paramref name="spec"/>; throws <see cref="ArgumentException"/> where <see cref="TryCreate"/> would fail.</summary>
    public static StringMatcher Create(StringMatchSpec spec) =>
        TryCreate(spec, out var matcher, out var error) ? matcher : throw new ArgumentException(error, nameof(spec));

    /// <summary>Whether a value matches; null means the value is absent, which only <c>present: false</c> accepts.</summary>
    public bool Matches(string? value) => value is null ? _present == false : MatchesPresent(value);

    /// <summary>Whether a value that is there matches. Allocation-free.</summary>
    public bool MatchesPresent(ReadOnlySpan<char> value)
    {
        if (_exact is not null)
        {
            return value.SequenceEqual(_exact);
        }

        if (_prefix is not null)
        {
            return value.StartsWith(_prefix, StringComparison.Ordinal);
        }

        if (_regex is not null)
        {
            return _regex.IsMatch(value);
        }

        return _present == true;
    }

    private static bool TryCompile(string pattern, out Regex? regex, [NotNullWhen(false)] out string? error)
    {
        regex = null;
        if (pattern.Length > MaxRegexLength)
        {
            error = $"regex is longer than {MaxRegexLength} characters";
            return false;
        }

        // The bare pattern is only parsed (interpreted, no automaton is built): the anchoring wrapper could otherwise
        // hide a bad one, as "a)|(?:.*" parses only wrapped, where it escapes the group and the anchors.
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            error = $"regex is not a valid linear-time regular expression: {e.Message}";
            return false;
        }

        try
        {
            // Anchored so the pattern must cover the whole value, as in Envoy and Istio (a bare IsMatch would find
            // "beta" inside "alphabeta").
            regex = new Regex($@"\A(?:{pattern})\z", Options);
        }
        catch (Exception anchored) when (anchored is ArgumentException or NotSupportedException)
        {
            // Compiled bare only to say why: a construct the linear-time engine refuses (backreferences, lookarounds,
            // atomic groups), or a pattern that compiles alone but not anchored (an inline (?x) comment runs on past
            // the closing group).
            try
            {
                _ = new Regex(pattern, Options);
                error = $"regex cannot be anchored to the whole value: {anchored.Message}";
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                error = $"regex is not a valid linear-time regular expression: {e.Message}";
            }

            return false;
        }

        error = null;
        return true;
    }
}
