using Mesh.Model.Routing;

namespace Mesh.Grains.Routing;

/// <summary>The one-line description of a route table kept in its history ("default: v1 90%, v2 10%").</summary>
internal static class RouteTableSummary
{
    private const int MaxLength = 200;

    public static string Describe(RouteTable table)
    {
        var routes = table.Routes ?? [];
        if (routes.Count == 0)
        {
            return "no routes: traffic spread over all endpoints";
        }

        var text = string.Join("; ", routes.Select(r =>
            $"{r.Name}{(r.Match is null ? "" : " (matched)")}: {string.Join(", ", (r.Destinations ?? []).Select(d => $"{d.Subset} {d.Weight}%"))}"));
        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");
    }
}
