using Mesh.Model.Proxies;

namespace Mesh.Grains.Proxies;

/// <summary>Persisted state of <see cref="ProxySubscriptionGrain"/>.</summary>
[GenerateSerializer, Alias("mesh.ProxySubscriptionGrainState")]
internal sealed record ProxySubscriptionGrainState
{
    /// <summary>The proxy's last hello; <c>null</c> until it first connects.</summary>
    [Id(0)] public ProxyHello? Hello { get; init; }

    [Id(1)] public bool Connected { get; init; }

    [Id(2)] public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Per watched service; <see cref="WatchStatus.State"/> is derived when read, not stored.</summary>
    [Id(3)] public IReadOnlyList<WatchStatus> Watches { get; init; } = [];
}
