using System.Diagnostics;
using System.Globalization;
using Mesh.Bench.Common;
using Mesh.Bench.DataPlane;
using Mesh.Demo.Processes;
using Mesh.Testing;

namespace Mesh.Bench.Startup;

/// <summary>
/// How long until a program answers: a proxy agent from its start to <c>/ready</c> answering 200 (a control plane up,
/// config for its upstream to receive), and a silo from its start to <c>/health</c> answering 200, embedded and on
/// PostgreSQL. Each started as operators start it, several times; median and max.
/// </summary>
public sealed class StartupBenchmark : IBenchmark
{
    private const string Upstream = "bench-up";

    public string Name => "startup";

    public string Summary => "time to /ready of a proxy agent, and to /health of a silo (embedded and on PostgreSQL)";

    public async Task RunAsync(Options options, CancellationToken cancellationToken)
    {
        var repetitions = options.Number("repetitions", 5);
        var agent = options.Text("agent", RepositoryPaths.ProxyAgentDll);
        var postgres = options.Text("postgres", "yes") == "yes";
        options.EnsureAllRead();
        using var directory = new TemporaryDirectory();

        var table = new Table("program", "ready when", "runs", "median", "min", "max");
        Console.WriteLine("embedded silo...");
        var embedded = await TimeSilosAsync(repetitions, i => SiloProcess.Start(null, "bench-startup", Path.Combine(directory.Path, $"silo-{i}", "mesh.db")));
        Add(table, "silo, embedded (SQLite)", "/health 200", embedded);

        Console.WriteLine("proxy agent...");
        await using (var silo = SiloProcess.Start(null, "bench-startup", Path.Combine(directory.Path, "control-plane", "mesh.db")))
        {
            await silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            using (var put = await silo.Http.PutJsonAsync($"/api/v1/services/{Upstream}/endpoints/up-1", """{"address":"http://127.0.0.1:9","labels":{"version":"v1"}}"""))
            {
                put.EnsureSuccessStatusCode();
            }

            var agents = new List<TimeSpan>();
            for (var i = 0; i < repetitions; i++)
            {
                agents.Add(await TimeAgentAsync(agent, silo.DiscoveryUrl, cancellationToken));
            }

            Add(table, "proxy agent", "/ready 200 (config for its upstream received)", agents);
        }

        if (postgres)
        {
            Console.WriteLine("silo on PostgreSQL...");
            var server = new PostgresServer();
            try
            {
                await server.InitializeAsync();
                var databases = new List<string>();
                for (var i = 0; i < repetitions; i++)
                {
                    databases.Add(await server.CreateDatabaseAsync());
                }

                Add(table, "silo, PostgreSQL", "/health 200", await TimeSilosAsync(repetitions, i => SiloProcess.Start(databases[i], "bench-startup")));
            }
            finally
            {
                await server.DisposeAsync();
            }
        }

        var report = new Report(Name, "Startup: time until a program answers");
        report.Settings($"{repetitions} runs each; each started from its build output as operators start it (`dotnet Program.dll`), polled every " +
            $"10 ms (silo: 50 ms); agent {Path.GetFileName(agent)}; each silo on an empty database of its own");
        report.Add(table);
        report.Publish();
    }

    private static async Task<List<TimeSpan>> TimeSilosAsync(int repetitions, Func<int, SiloProcess> start)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var silo = start(i);
            await silo.WaitHealthyAsync(TimeSpan.FromSeconds(120));
            times.Add(clock.Elapsed);
            Console.WriteLine(F($"  {clock.Elapsed.TotalSeconds:F2} s"));
            await silo.StopAsync();
        }

        return times;
    }

    /// <summary>One agent, unpinned and with the project's own runtime settings, from its start to /ready answering 200.</summary>
    private static async Task<TimeSpan> TimeAgentAsync(string agent, Uri controlPlane, CancellationToken cancellationToken)
    {
        var (outbound, inbound, admin) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        List<string> arguments =
        [
            $"--Mesh:ControlPlane={controlPlane.GetLeftPart(UriPartial.Authority)}",
            "--Mesh:Service=bench-caller",
            $"--Mesh:Upstreams={Upstream}",
            $"--Mesh:OutboundUrl=http://127.0.0.1:{outbound}",
            $"--Mesh:InboundUrl=http://127.0.0.1:{inbound}",
            $"--Mesh:AdminUrl=http://127.0.0.1:{admin}",
        ];
        var native = !agent.EndsWith(".dll", StringComparison.Ordinal);
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        await using var process = ChildProcess.StartPinned("agent", "0-" + (Environment.ProcessorCount - 1).ToString(CultureInfo.InvariantCulture),
            native ? agent : "dotnet", native ? arguments : [agent, .. arguments], environment, Path.GetDirectoryName(agent));
        var elapsed = await process.WaitReadyAsync(new Uri($"http://127.0.0.1:{admin}/ready"), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10), cancellationToken);
        Console.WriteLine(F($"  {elapsed.TotalSeconds:F2} s"));
        await DataPlaneRig.StopAsync(process);
        return elapsed;
    }

    private static void Add(Table table, string program, string readyWhen, List<TimeSpan> times)
    {
        var seconds = new Percentiles(times.Select(t => t.TotalSeconds));
        table.Add(program, readyWhen, F($"{seconds.Count}"), F($"{seconds[50]:F2} s"), F($"{times.Min().TotalSeconds:F2} s"), F($"{seconds.Max:F2} s"));
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
