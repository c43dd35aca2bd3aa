using System.Globalization;

namespace Mesh.Model;

/// <summary>Durations as the documents write them: an integer and a unit, <c>250ms</c>, <c>2s</c>, <c>1m</c>, <c>1h</c>.</summary>
public static class Durations
{
    /// <summary>
    /// A stored duration in whole milliseconds, as the proxy's config carries it; <c>0</c> (not set) when
    /// <paramref name="text"/> is <c>null</c>. Documents are validated before they are stored, so a duration that does
    /// not parse here is a bug: it throws rather than quietly turning into "no limit".
    /// </summary>
    public static long ToMilliseconds(string? text) =>
        text is null ? 0
        : TryParse(text, out var duration) ? (long)duration.TotalMilliseconds
        : throw new ArgumentException($"'{text}' is not a duration", nameof(text));

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text) || text.Length > 16)
        {
            return false;
        }

        var unitStart = 0;
        while (unitStart < text.Length && char.IsAsciiDigit(text[unitStart]))
        {
            unitStart++;
        }

        if (unitStart == 0 || unitStart > 9 || !long.TryParse(text.AsSpan(0, unitStart), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        TimeSpan? parsed = text[unitStart..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => null,
        };
        duration = parsed ?? default;
        return parsed is not null;
    }
}
