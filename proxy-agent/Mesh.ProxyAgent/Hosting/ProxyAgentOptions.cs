namespace Mesh.ProxyAgent.Hosting;

/// <summary>
/// The agent's settings, read once at start by <see cref="ProxyAgentSettings.Read"/> from the command line
/// (<c>--Mesh:Service=svc-a</c>) or the environment (<c>Mesh__Service=svc-a</c>).
/// </summary>
internal sealed record ProxyAgentOptions
{
    /// <summary><c>Mesh:ControlPlane</c>: discovery URLs of any silos; the cluster reports the others.</summary>
    public required IReadOnlyList<Uri> ControlPlane { get; init; }

    /// <summary><c>Mesh:Service</c>: the service whose instance this proxy fronts.</summary>
    public required string Service { get; init; }

    /// <summary><c>Mesh:Version</c>: becomes the instance label <c>version</c>.</summary>
    public string? Version { get; init; }

    /// <summary><c>Mesh:ProxyId</c>: unique per proxy instance.</summary>
    public required string ProxyId { get; init; }

    /// <summary><c>Mesh:AppUrl</c>: the local app that inbound calls are forwarded to; without it nothing is registered.</summary>
    public Uri? AppUrl { get; init; }

    /// <summary><c>Mesh:InboundUrl</c>: where other proxies call this instance; registered as its endpoint address.</summary>
    public Uri InboundUrl { get; init; } = new("http://127.0.0.1:15006");

    /// <summary><c>Mesh:OutboundUrl</c>: where the local app sends its calls to other services.</summary>
    public Uri OutboundUrl { get; init; } = new("http://127.0.0.1:15001");

    /// <summary><c>Mesh:AdminUrl</c>: <c>/ready</c>, <c>/config_dump</c>, <c>/metrics</c>, <c>/health</c>, <c>/alive</c>.</summary>
    public Uri AdminUrl { get; init; } = new("http://127.0.0.1:15000");

    /// <summary><c>Mesh:Upstreams</c>: the services the app calls, watched from the start and awaited by <c>/ready</c>.</summary>
    public IReadOnlyList<string> Upstreams { get; init; } = [];

    /// <summary><c>Mesh:DrainSeconds</c>: how long a stopping proxy keeps serving after it said Goodbye.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>Mesh:CacheDir</c>: where every config the proxy accepts is kept, so that it can start and serve on its last
    /// configs when no silo answers; one directory per proxy. Null: no cache.
    /// </summary>
    public string? CacheDir { get; init; }

    /// <summary>The instance labels sent in Hello.</summary>
    public IReadOnlyDictionary<string, string> Labels =>
        Version is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Model.Registry.EndpointLabels.Version] = Version };

    /// <summary>The address other proxies reach this instance at, or null when the proxy fronts no app.</summary>
    public string? RegisteredAddress => AppUrl is null ? null : InboundUrl.GetLeftPart(UriPartial.Authority);
}
