using System.Globalization;

namespace Mesh.Bench.Common;

/// <summary>CPU time and resident memory of a process, read from /proc.</summary>
public readonly record struct ProcessStats(TimeSpan Cpu, long RssBytes)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on Linux x64

    public static ProcessStats Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name is in parentheses and may hold spaces: fields are counted after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ProcessStats(TimeSpan.FromSeconds(ticks / TicksPerSecond), kib * 1024);
    }

    public static ProcessStats Sum(IEnumerable<int> pids) =>
        pids.Select(Of).Aggregate(new ProcessStats(TimeSpan.Zero, 0), (a, b) => new ProcessStats(a.Cpu + b.Cpu, a.RssBytes + b.RssBytes));

    public double RssMiB => RssBytes / 1024d / 1024d;
}
