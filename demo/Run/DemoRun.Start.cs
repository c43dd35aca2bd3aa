using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mesh.Demo.Layout;
using Mesh.Demo.Postgres;
using Mesh.Demo.Processes;
using Mesh.Demo.Routing;
using Mesh.Demo.Topology;

namespace Mesh.Demo.Run;

/// <summary>Start-up: database, silos, the default split, then apps, proxies and the admin UI, each awaited until ready.</summary>
public sealed partial class DemoRun
{
    private static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan MeshTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AdminUiTimeout = TimeSpan.FromSeconds(90);

    private async Task<DemoTopology> StartAsync(BuildOutputs outputs, RunDirectory run, ReadinessProbe probe, CancellationToken stopping)
    {
        var mode = ControlPlaneMode.Choose(options);
        var topology = DemoTopology.Plan($"demo-{RandomNumberGenerator.GetHexString(6, lowercase: true)}", mode.Silos);
        await console.WriteLineAsync($"Mesh demo: {mode.Describe()}, the admin UI, and frontend → backend (v1 ×2, v2 ×1), every app with its own proxy.");
        if (mode.EmbeddedReason is { } reason)
        {
            await console.WriteLineAsync($"NOTE: embedded mode, because {reason}. Rules live in a SQLite file for this run only.");
        }

        await console.WriteLineAsync($"Temp dir:   {run.Path} (children's logs in logs/; removed when the demo stops)");

        // The apps depend on nothing: they warm up while the control plane starts.
        foreach (var app in topology.Apps)
        {
            _apps.Add(StartApp(app, outputs, run));
        }

        var connectionString = await StartDatabaseAsync(mode, run, stopping);
        foreach (var silo in topology.Silos)
        {
            var environment = connectionString is null ? new Dictionary<string, string>() : new() { ["ConnectionStrings__Postgres"] = connectionString };
            var embedded = mode.Kind == ControlPlaneKind.Embedded ? run.EmbeddedDatabase : null;
            _silos.Add(ChildProcess.Start(silo.Name, outputs.Silo, silo.Arguments(topology.ClusterId, embedded), environment, run.Log(silo.Name)));
        }

        await AllReadyAsync([.. topology.Silos.Select((silo, i) => (Func<CancellationToken, Task>)(ct =>
            probe.WaitAsync(_silos[i], new Uri(silo.ApiUrl, "/health"), "an active cluster member", SiloTimeout, ct)))], stopping);
        await ProgressAsync(topology.Silos.Count == 1 ? "silo ready" : $"{topology.Silos.Count} silos ready");

        await DefaultSplit.WriteAsync(probe.Http, topology.RulesApi, stopping);
        await ProgressAsync($"default split written: backend {DefaultSplit.Describe}");

        foreach (var app in topology.Apps)
        {
            _proxies.Add(ChildProcess.Start(app.ProxyName, outputs.ProxyAgent, app.ProxyArguments(topology.Silos.Select(s => s.DiscoveryUrl)),
                new Dictionary<string, string>(), run.Log(app.ProxyName)));
        }

        _adminUi = StartAdminUi(topology, connectionString, outputs, run);

        await AllReadyAsync([.. MeshReadiness(topology, probe)], stopping);
        await ProgressAsync("apps and proxies ready, the split in force at frontend's proxy");
        await probe.WaitAsync(_adminUi, new Uri(topology.AdminUiUrl, "/health"), "healthy", AdminUiTimeout, stopping);
        await ProgressAsync("admin UI ready");

        await File.WriteAllTextAsync(run.ProcessTable, ProcessTable(topology, run), stopping);
        return topology;
    }

    private async Task<string?> StartDatabaseAsync(ControlPlaneMode mode, RunDirectory run, CancellationToken stopping)
    {
        switch (mode.Kind)
        {
            case ControlPlaneKind.ExternalPostgres:
                return mode.ConnectionString;
            case ControlPlaneKind.ThrowawayPostgres:
                _postgres = await LocalPostgres.StartAsync(mode.PostgresBinDirectory!, run.Postgres, stopping);
                var connectionString = await _postgres.CreateDatabaseAsync("mesh", stopping);
                await ProgressAsync("PostgreSQL ready");
                return connectionString;
            default:
                return null;
        }
    }

    private static ChildProcess StartApp(AppInstance app, BuildOutputs outputs, RunDirectory run)
    {
        var arguments = new List<string> { $"--urls={app.AppUrl.GetLeftPart(UriPartial.Authority)}" };
        if (app.Service == DemoTopology.FrontendService)
        {
            arguments.Add($"--Demo:OutboundUrl={app.OutboundUrl.GetLeftPart(UriPartial.Authority)}");
            arguments.Add($"--Demo:Upstream={DemoTopology.BackendService}");
            return ChildProcess.Start(app.Name, outputs.Frontend, arguments, new Dictionary<string, string>(), run.Log(app.Name));
        }

        arguments.Add($"--Demo:Version={app.Version}");
        arguments.Add($"--Demo:Instance={app.Name}");
        return ChildProcess.Start(app.Name, outputs.Backend, arguments, new Dictionary<string, string>(), run.Log(app.Name));
    }

    /// <summary>
    /// The admin UI, an Orleans client of the cluster: through the membership table in PostgreSQL, or the embedded
    /// silo's gateway. Secrets go by environment, not on the command line where any local user could read them.
    /// </summary>
    private ChildProcess StartAdminUi(DemoTopology topology, string? connectionString, BuildOutputs outputs, RunDirectory run)
    {
        var arguments = new List<string>
        {
            $"--urls={topology.AdminUiUrl.GetLeftPart(UriPartial.Authority)}",
            $"--Orleans:ClusterId={topology.ClusterId}",
        };
        var environment = new Dictionary<string, string> { ["Mesh__AdminPassword"] = options.AdminPassword };
        if (connectionString is null)
        {
            arguments.Add($"--Orleans:Gateways=127.0.0.1:{topology.Silos[0].GatewayPort.ToString(CultureInfo.InvariantCulture)}");
        }
        else
        {
            environment["ConnectionStrings__Postgres"] = connectionString;
        }

        return ChildProcess.Start("admin-ui", outputs.AdminUi, arguments, environment, run.Log("admin-ui"));
    }

    /// <summary>Apps healthy, proxies ready, and frontend's proxy enforcing the default split over every backend instance.</summary>
    private IEnumerable<Func<CancellationToken, Task>> MeshReadiness(DemoTopology topology, ReadinessProbe probe)
    {
        var apps = topology.Apps.ToList();
        for (var i = 0; i < apps.Count; i++)
        {
            var (app, process, proxy) = (apps[i], _apps[i], _proxies[i]);
            // The frontend is probed on the counters the live view reads, which also warms that endpoint up.
            var probePath = app.Service == DemoTopology.FrontendService ? "/stats" : "/health";
            yield return ct => probe.WaitAsync(process, new Uri(app.AppUrl, probePath), "answering", MeshTimeout, ct);
            yield return ct => probe.WaitAsync(proxy, new Uri(app.AdminUrl, "/ready"), "ready", MeshTimeout, ct);
        }

        var frontendProxy = _proxies[0];
        yield return ct => probe.WaitAsync(frontendProxy, new Uri(topology.Frontend.AdminUrl, "/config_dump"),
            $"enforcing {DefaultSplit.Describe} over {topology.Backends.Count} backend instances", MeshTimeout, ct,
            dump => DefaultSplit.InForce(dump, topology.Backends.Count));
    }

    /// <summary>Runs the waits together; the first to fail cancels the others so the failure is reported at once.</summary>
    private static async Task AllReadyAsync(IReadOnlyList<Func<CancellationToken, Task>> waits, CancellationToken stopping)
    {
        using var firstFailure = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var pending = waits.Select(wait => wait(firstFailure.Token)).ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            if (!done.IsCompletedSuccessfully)
            {
                await firstFailure.CancelAsync();
                await done;
            }
        }
    }

    private Task ProgressAsync(string what) =>
        console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {_clock.Elapsed.TotalSeconds,5:0.0} s  {what}"));

    private string ProcessTable(DemoTopology topology, RunDirectory run)
    {
        var table = new StringBuilder("# name, PID, addresses, log\n");
        void Row(string name, int pid, string addresses, string? log) =>
            table.Append(CultureInfo.InvariantCulture, $"{name,-22} {pid,7}  {addresses}  {(log is null ? "-" : Path.GetRelativePath(run.Path, log))}\n");

        if (_postgres is not null)
        {
            Row("postgres", _postgres.Pid, $"127.0.0.1:{_postgres.Port.ToString(CultureInfo.InvariantCulture)}", _postgres.LogFile);
        }

        for (var i = 0; i < topology.Silos.Count; i++)
        {
            var silo = topology.Silos[i];
            Row(silo.Name, _silos[i].Pid, $"rules-api {silo.ApiUrl}  discovery {silo.DiscoveryUrl}  gateway 127.0.0.1:{silo.GatewayPort.ToString(CultureInfo.InvariantCulture)}", _silos[i].LogFile);
        }

        Row("admin-ui", _adminUi!.Pid, topology.AdminUiUrl.ToString(), _adminUi.LogFile);

        var apps = topology.Apps.ToList();
        for (var i = 0; i < apps.Count; i++)
        {
            var app = apps[i];
            Row(app.Name, _apps[i].Pid, $"app {app.AppUrl} ({(app.Service == DemoTopology.FrontendService ? "GET /stats" : "POST /chaos")})", _apps[i].LogFile);
            Row(app.ProxyName, _proxies[i].Pid, $"outbound {app.OutboundUrl}  inbound {app.InboundUrl}  admin {app.AdminUrl}", _proxies[i].LogFile);
        }

        return table.ToString();
    }

    private async Task PrintReadyAsync(DemoTopology topology, RunDirectory run)
    {
        await console.WriteLineAsync($"Admin UI:   {topology.AdminUiUrl}   user: admin   password: " +
            (options.AdminPasswordGenerated ? options.AdminPassword : "(the one given in Mesh:AdminPassword)"));
        await console.WriteLineAsync($"Rules API:  {topology.RulesApi}");
        await console.WriteLineAsync($"Processes:  {run.ProcessTable} (PIDs, addresses, logs)");
        await console.WriteLineAsync("PIDS: " + string.Join(' ', AllPids()));
        await console.WriteLineAsync($"READY in {_clock.Elapsed.TotalSeconds:0.0} s. Backend split {DefaultSplit.Describe}; " +
            "below, once a second, what frontend sent to backend. Ctrl-C stops everything.");
    }

    private IEnumerable<int> AllPids() =>
        (_postgres is null ? [] : new[] { _postgres.Pid })
            .Concat(_silos.Select(p => p.Pid))
            .Concat(_adminUi is null ? [] : [_adminUi.Pid])
            .Concat(_apps.Select(p => p.Pid))
            .Concat(_proxies.Select(p => p.Pid));
}
