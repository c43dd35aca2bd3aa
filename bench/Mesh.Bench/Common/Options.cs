using System.Globalization;

namespace Mesh.Bench.Common;

/// <summary>The <c>--name value</c> options of one benchmark; every option has a default and is echoed in the report.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Options(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
            {
                throw new ArgumentException($"expected '--name value', got '{list[i]}'");
            }

            _values[list[i][2..]] = list[++i];
        }
    }

    public int Number(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    public double Real(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    public string Text(string name, string fallback) => Parse(name, fallback, s => s);

    public IReadOnlyList<int> Numbers(string name, params int[] fallback) =>
        Parse(name, fallback, s => s.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray());

    /// <summary>Fails on an option no benchmark read: a typo must not silently run the defaults.</summary>
    public void EnsureAllRead()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var value) ? parse(value) : fallback;
    }
}
