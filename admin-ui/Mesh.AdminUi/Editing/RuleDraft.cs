using Mesh.Model.Routing;
using Route = Mesh.Model.Routing.Route;

namespace Mesh.AdminUi.Editing;

/// <summary>
/// An A/B rule being edited: a route with match conditions sending matching requests to one subset. Rules are the
/// routes that have a match; routes without one (the catch-all split) are kept as they are, after the rules.
/// </summary>
public sealed class RuleDraft
{
    public static readonly IReadOnlyList<string> Kinds = ["header", "query", "cookie", "path", "method"];
    public static readonly IReadOnlyList<string> Operators = ["exact", "prefix", "regex", "present"];

    public string Name { get; set; } = "";

    public string Subset { get; set; } = "";

    public List<ConditionDraft> Conditions { get; } = [];

    /// <summary>The destinations of a rule that splits by weight; kept as they are when the subset is not changed.</summary>
    private IReadOnlyList<WeightedDestination>? _split;
    private string? _splitSubset;

    /// <summary>The loaded route, whose other settings (timeout, retries, fault, mirror) the editor keeps as they are.</summary>
    private Route _original = new();

    public static List<RuleDraft> From(RouteTable table) =>
        (table.Routes ?? []).Where(r => r.Match is not null).Select(FromRoute).ToList();

    /// <summary>The table with its rules replaced by <paramref name="rules"/> (in order), followed by the routes without a match.</summary>
    public static RouteTable Apply(RouteTable table, IEnumerable<RuleDraft> rules) => new()
    {
        Routes = rules.Select(r => r.ToRoute()).Concat((table.Routes ?? []).Where(r => r.Match is null)).ToList(),
    };

    public Route ToRoute()
    {
        var headers = Named("header");
        var query = Named("query");
        var cookies = Named("cookie");
        var path = Conditions.FirstOrDefault(c => c.Kind == "path") is { } p ? Match(p) : null;
        var methods = Conditions.Where(c => c.Kind == "method").Select(c => c.Value.Trim().ToUpperInvariant()).ToList();
        return _original with
        {
            Name = Name.Trim(),
            Match = new RouteMatch
            {
                Headers = headers.Count > 0 ? headers : null,
                Query = query.Count > 0 ? query : null,
                Cookies = cookies.Count > 0 ? cookies : null,
                Path = path,
                Methods = methods.Count > 0 ? methods : null,
            },
            Destinations = _split is not null && _splitSubset == Subset ? _split : [new WeightedDestination { Subset = Subset, Weight = 100 }],
        };
    }

    private Dictionary<string, StringMatch> Named(string kind)
    {
        var named = new Dictionary<string, StringMatch>(StringComparer.Ordinal);
        foreach (var condition in Conditions.Where(c => c.Kind == kind))
        {
            named[condition.Key.Trim()] = Match(condition);
        }

        return named;
    }

    private static StringMatch Match(ConditionDraft c) => c.Operator switch
    {
        "prefix" => new StringMatch { Prefix = c.Value },
        "regex" => new StringMatch { Regex = c.Value },
        "present" => new StringMatch { Present = !string.Equals(c.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase) },
        _ => new StringMatch { Exact = c.Value },
    };

    private static RuleDraft FromRoute(Route route)
    {
        var destinations = route.Destinations ?? [];
        var draft = new RuleDraft
        {
            Name = route.Name ?? "",
            Subset = destinations.Count > 0 ? destinations[0].Subset ?? "" : "",
            _split = destinations.Count > 1 ? destinations : null,
            _original = route,
        };
        draft._splitSubset = draft.Subset;
        var match = route.Match!;
        foreach (var (kind, conditions) in new[] { ("header", match.Headers), ("query", match.Query), ("cookie", match.Cookies) })
        {
            foreach (var (key, value) in conditions ?? new Dictionary<string, StringMatch>())
            {
                draft.Conditions.Add(Condition(kind, key, value));
            }
        }

        if (match.Path is { } path)
        {
            draft.Conditions.Add(Condition("path", "", path));
        }
        else if (match.PathPrefix is { } prefix)
        {
            draft.Conditions.Add(new ConditionDraft { Kind = "path", Operator = "prefix", Value = prefix });
        }

        draft.Conditions.AddRange((match.Methods ?? []).Select(m => new ConditionDraft { Kind = "method", Value = m }));
        return draft;
    }

    private static ConditionDraft Condition(string kind, string key, StringMatch match) => match switch
    {
        { Prefix: { } prefix } => new() { Kind = kind, Key = key, Operator = "prefix", Value = prefix },
        { Regex: { } regex } => new() { Kind = kind, Key = key, Operator = "regex", Value = regex },
        { Present: { } present } => new() { Kind = kind, Key = key, Operator = "present", Value = present ? "true" : "false" },
        _ => new() { Kind = kind, Key = key, Operator = "exact", Value = match.Exact ?? "" },
    };
}
