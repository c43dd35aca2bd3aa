using System.Globalization;
using System.Text;

namespace Mesh.Demo.Traffic;

/// <summary>The traffic of one interval: the difference of two <see cref="FrontendStats"/> reads.</summary>
public sealed record TrafficSample(TimeSpan Elapsed, long Requests, long Failed, IReadOnlyDictionary<string, long> ByVersion)
{
    public long Succeeded => ByVersion.Values.Sum();

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;

    public static TrafficSample Between(FrontendStats before, FrontendStats after, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var byVersion = after.ByVersion.ToDictionary(v => v.Key, v => v.Value - before.ByVersion.GetValueOrDefault(v.Key), StringComparer.Ordinal);
        return new TrafficSample(elapsed, after.Requests - before.Requests, after.Failed - before.Failed, byVersion);
    }

    /// <summary>
    /// One console line: <c>12:00:01  frontend → backend  50 req/s  v1 45 (90%)  v2 5 (10%)  failed 0</c>. Shares
    /// are of the successful answers; <paramref name="versions"/> are always shown, others when they appear.
    /// </summary>
    public string Format(DateTimeOffset at, IEnumerable<string> versions)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{at:HH:mm:ss}  frontend → backend  {RequestsPerSecond,3:0} req/s");
        foreach (var version in versions.Union(ByVersion.Keys).Order(StringComparer.Ordinal))
        {
            var count = ByVersion.GetValueOrDefault(version);
            var share = Succeeded > 0 ? 100.0 * count / Succeeded : 0;
            line.Append(CultureInfo.InvariantCulture, $"  {version} {count,3} ({share,3:0}%)");
        }

        line.Append(CultureInfo.InvariantCulture, $"  failed {Failed}");
        return line.ToString();
    }
}
