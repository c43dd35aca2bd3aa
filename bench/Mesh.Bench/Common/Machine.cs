using System.Globalization;
using System.Runtime.InteropServices;

namespace Mesh.Bench.Common;

/// <summary>What every table is printed with: the machine, the date and the runtime, so a figure is never read without them.</summary>
public static class Machine
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
            : null;
        var gib = memory is null ? "?" : (long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024d / 1024d).ToString("F0", CultureInfo.InvariantCulture);
        return $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores ({model ?? RuntimeInformation.ProcessArchitecture.ToString()}) · {gib} GiB · " +
            $"{RuntimeInformation.OSDescription} · .NET {Environment.Version}";
    }
}
