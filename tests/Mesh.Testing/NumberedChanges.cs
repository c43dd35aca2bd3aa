using System.Globalization;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Testing;

/// <summary>
/// Route changes that say which they are: change <c>k</c> names its route <c>change-{k}</c> (the initial document
/// <c>initial</c>), so a proxy's config tells which change it carries. Used by the benchmarks and the reliability tests.
/// </summary>
public static class NumberedChanges
{
    private const string Prefix = "change-";

    public static string Name(int change) => change < 0 ? "initial" : Prefix + change.ToString(CultureInfo.InvariantCulture);

    /// <summary>Change <paramref name="change"/> as a route document: v1 and v2 split (100 − k mod 100) / (k mod 100).</summary>
    public static string Document(int change)
    {
        var v2 = change < 0 ? 0 : change % 100;
        return $$"""{"routes":[{"name":"{{Name(change)}}","destinations":[{"subset":"v1","weight":{{100 - v2}}},{"subset":"v2","weight":{{v2}}}]}]}""";
    }

    /// <summary>The change a route name carries, -1 for anything else (the initial document).</summary>
    public static int Of(string routeName) =>
        routeName.StartsWith(Prefix, StringComparison.Ordinal) ? int.Parse(routeName.AsSpan(Prefix.Length), CultureInfo.InvariantCulture) : -1;

    /// <summary>The change a pushed config carries (by its first route), -1 for anything else.</summary>
    public static int Of(ServiceConfig config) => config.Routes.Count > 0 ? Of(config.Routes[0].Name) : -1;
}
