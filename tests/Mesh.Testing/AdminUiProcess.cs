using Mesh.Demo.Processes;

namespace Mesh.Testing;

/// <summary>The admin UI started as operators start it, on a free loopback port, with an <c>admin</c> editor.</summary>
public sealed class AdminUiProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private AdminUiProcess(ChildProcess process, Uri url, string password)
    {
        _process = process;
        Url = url;
        AdminPassword = password;
    }

    public Uri Url { get; }

    public string AdminPassword { get; }

    public string Output => _process.Output;

    /// <summary>Starts the UI against the cluster in <paramref name="postgres"/> (or the given gateways for an embedded silo).</summary>
    public static AdminUiProcess Start(string? postgres, string clusterId, string? gateways = null)
    {
        ExclusiveTestRun.Enter();
        var port = FreePort.Next();
        var password = $"pw-{Guid.NewGuid():N}";
        var url = new Uri($"http://127.0.0.1:{port}/");
        var process = ChildProcess.Start($"admin-ui :{port}", RepositoryPaths.AdminUiDll, new Dictionary<string, string?>
        {
            ["urls"] = url.GetLeftPart(UriPartial.Authority),
            ["ConnectionStrings:Postgres"] = postgres,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:Gateways"] = gateways,
            ["Mesh:AdminPassword"] = password,
        });
        return new AdminUiProcess(process, url, password);
    }

    public Task WaitReadyAsync(TimeSpan? timeout = null) => _process.WaitReadyAsync(new Uri(Url, "/health"), timeout ?? TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
