using Mesh.Model.Routing;
using Route = Mesh.Model.Routing.Route;

namespace Mesh.AdminUi.Editing;

/// <summary>
/// What the traffic split editor edits: the weights of the catch-all route (the one named <c>default</c>, else the
/// last route), over every subset known for the service. Other routes are kept as they are.
/// </summary>
public sealed record SplitPlan(string RouteName, IReadOnlyList<string> Subsets, IReadOnlyDictionary<string, int> Weights)
{
    public const string DefaultRoute = "default";

    public static SplitPlan From(RouteTable table, IEnumerable<string> knownSubsets)
    {
        var routes = table.Routes ?? [];
        var route = routes.FirstOrDefault(r => r.Name == DefaultRoute) ?? (routes.Count > 0 ? routes[^1] : null);
        var weights = (route?.Destinations ?? [])
            .Where(d => d.Subset is not null)
            .ToDictionary(d => d.Subset!, d => d.Weight ?? 100, StringComparer.Ordinal);
        var subsets = knownSubsets.Concat(weights.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (route is null && subsets.Count > 0)
        {
            // No rules yet: traffic is spread over all endpoints; start the editor from an even split.
            var even = 100 / subsets.Count;
            weights = subsets.Select((s, i) => (s, w: i == 0 ? 100 - (even * (subsets.Count - 1)) : even)).ToDictionary(x => x.s, x => x.w, StringComparer.Ordinal);
        }

        return new SplitPlan(route?.Name ?? DefaultRoute, subsets, subsets.ToDictionary(s => s, s => weights.GetValueOrDefault(s), StringComparer.Ordinal));
    }

    /// <summary>The table with the edited route's destinations replaced (subsets at 0% are left out).</summary>
    public RouteTable Apply(RouteTable table, IReadOnlyDictionary<string, int> weights)
    {
        var destinations = Subsets.Where(s => weights.GetValueOrDefault(s) > 0)
            .Select(s => new WeightedDestination { Subset = s, Weight = weights[s] })
            .ToList();
        var routes = (table.Routes ?? []).ToList();
        var index = routes.FindIndex(r => r.Name == RouteName);
        if (index >= 0)
        {
            routes[index] = routes[index] with { Destinations = destinations };
        }
        else
        {
            routes.Add(new Route { Name = RouteName, Destinations = destinations });
        }

        return new RouteTable { Routes = routes };
    }

    /// <summary>The subsets whose share changes, with their shares before and after.</summary>
    public IReadOnlyList<(string Subset, int Before, int After)> Changes(IReadOnlyDictionary<string, int?> edited) =>
        Subsets.Where(s => edited.GetValueOrDefault(s) is { } after && after != Weights[s])
            .Select(s => (s, Weights[s], edited[s]!.Value))
            .ToList();
}
