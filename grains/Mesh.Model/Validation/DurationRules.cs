namespace Mesh.Model.Validation;

/// <summary>The range check every duration of a document goes through before it is stored.</summary>
public static class DurationRules
{
    /// <summary>
    /// Whether <paramref name="text"/> is a duration (<see cref="Durations"/>) from 1 ms to <paramref name="max"/>.
    /// A value too large for <see cref="TimeSpan"/> (<c>999999999h</c>) is out of range, not an error.
    /// </summary>
    public static bool TryParseWithin(string? text, TimeSpan max, out TimeSpan duration)
    {
        try
        {
            if (Durations.TryParse(text, out duration) && duration > TimeSpan.Zero && duration <= max)
            {
                return true;
            }
        }
        catch (OverflowException)
        {
            // TimeSpan.FromHours throws past about 29,000 years; far out of range either way.
        }

        duration = default;
        return false;
    }
}
