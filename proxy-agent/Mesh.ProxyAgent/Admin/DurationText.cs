using System.Globalization;

namespace Mesh.ProxyAgent.Admin;

/// <summary>Durations as the Rules API writes them: an integer in the largest unit that is exact (<c>2s</c>, <c>500ms</c>, <c>1m</c>).</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        var (value, unit) = ms switch
        {
            0 => (0L, "ms"),
            _ when ms % 3_600_000 == 0 => (ms / 3_600_000, "h"),
            _ when ms % 60_000 == 0 => (ms / 60_000, "m"),
            _ when ms % 1_000 == 0 => (ms / 1_000, "s"),
            _ => (ms, "ms"),
        };
        return value.ToString(CultureInfo.InvariantCulture) + unit;
    }
}
