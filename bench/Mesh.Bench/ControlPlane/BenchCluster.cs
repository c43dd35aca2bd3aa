using System.Diagnostics;
using Mesh.Testing;

namespace Mesh.Bench.ControlPlane;

/// <summary>
/// A control plane for a benchmark: a throwaway PostgreSQL and silo processes on loopback, started as operators
/// start them (Release build output) and stopped by PID when disposed, whatever happened.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    /// <summary>Per-proxy connect and disconnect lines are Information; at 10,000 proxies they would only be noise.</summary>
    private static readonly Dictionary<string, string?> QuietSessions = new()
    {
        ["Logging:LogLevel:Mesh.Silo.Discovery"] = "Warning",
    };

    private readonly PostgresServer _postgres = new();
    private readonly List<SiloProcess> _silos = [];

    private BenchCluster()
    {
    }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IEnumerable<int> SiloPids => _silos.Where(s => !s.HasExited).Select(s => s.Pid);

    /// <summary>When the silo processes were started (for "connected after the silos start").</summary>
    public long StartedAt { get; private set; }

    /// <summary>How long until every silo answered <c>/health</c> as an active member.</summary>
    public TimeSpan StartDuration { get; private set; }

    public string ConnectionString { get; private set; } = "";

    /// <summary>Starts PostgreSQL and <paramref name="silos"/> silos; returns once they are all healthy.</summary>
    public static async Task<BenchCluster> StartAsync(int silos)
    {
        var cluster = new BenchCluster();
        try
        {
            await cluster._postgres.InitializeAsync();
            cluster.ConnectionString = await cluster._postgres.CreateDatabaseAsync();
            var clusterId = $"bench-{Guid.NewGuid():N}"[..16];
            cluster.StartedAt = Stopwatch.GetTimestamp();
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(SiloProcess.Start(cluster.ConnectionString, clusterId, extra: QuietSessions));
            }

            await Task.WhenAll(cluster._silos.Select(s => s.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
            cluster.StartDuration = Stopwatch.GetElapsedTime(cluster.StartedAt);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Kill();
            await silo.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }
}
