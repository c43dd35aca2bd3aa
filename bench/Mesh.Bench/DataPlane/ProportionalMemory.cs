using System.Globalization;

namespace Mesh.Bench.DataPlane;

/// <summary>
/// Proportional set size (PSS) from <c>/proc/{pid}/smaps_rollup</c>: resident memory with each shared page divided
/// among the processes mapping it. A .NET process's RSS counts the shared framework's file pages in full, even while
/// other .NET processes on the machine map the same files; PSS shows what one more process really costs.
/// </summary>
public static class ProportionalMemory
{
    public static double? SumMiB(IEnumerable<int> pids)
    {
        var kib = 0L;
        foreach (var pid in pids)
        {
            var path = $"/proc/{pid}/smaps_rollup";
            if (!File.Exists(path) || File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal)) is not { } line)
            {
                return null;
            }

            kib += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }

        return kib / 1024d;
    }
}
