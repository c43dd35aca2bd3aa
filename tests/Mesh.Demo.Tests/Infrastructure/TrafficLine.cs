using System.Globalization;
using System.Text.RegularExpressions;

namespace Mesh.Demo.Tests.Infrastructure;

/// <summary>
/// One line of the demo's live view, read as a user reads it:
/// <c>12:00:01  frontend → backend   50 req/s  v1  45 ( 90%)  v2   5 ( 10%)  failed 0</c>.
/// </summary>
public sealed partial record TrafficLine(int RequestsPerSecond, IReadOnlyDictionary<string, int> ByVersion, int Failed)
{
    public int Count(string version) => ByVersion.GetValueOrDefault(version);

    public static TrafficLine? TryParse(string line)
    {
        var match = Shape().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var byVersion = Version().Matches(match.Groups["versions"].Value)
            .ToDictionary(v => v.Groups["version"].Value, v => Number(v.Groups["count"].Value), StringComparer.Ordinal);
        return new TrafficLine(Number(match.Groups["rps"].Value), byVersion, Number(match.Groups["failed"].Value));
    }

    public static bool IsTraffic(string line) => TryParse(line) is not null;

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d\d:\d\d:\d\d  frontend → backend\s+(?<rps>\d+) req/s(?<versions>.*)  failed (?<failed>\d+)$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"(?<version>v\d+)\s+(?<count>\d+) \(\s*\d+%\)")]
    private static partial Regex Version();
}
