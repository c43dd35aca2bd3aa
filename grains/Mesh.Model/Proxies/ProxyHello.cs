namespace Mesh.Model.Proxies;

/// <summary>What a proxy says of itself when its session opens.</summary>
[GenerateSerializer, Immutable, Alias("mesh.ProxyHello")]
public sealed record ProxyHello
{
    /// <summary>
    /// How many services one proxy session may watch (Hello and Watch messages together). The silo refuses more; the
    /// proxy agent never asks for more.
    /// </summary>
    public const int MaxWatches = 256;

    [Id(0)] public required string ProxyId { get; init; }

    [Id(1)] public required string Service { get; init; }

    [Id(2)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The services whose config the proxy wants pushed.</summary>
    [Id(3)] public IReadOnlyList<string> Watches { get; init; } = [];

    /// <summary>Address of the silo the session is on.</summary>
    [Id(4)] public required string Silo { get; init; }

    /// <summary>Where other proxies reach this instance; <c>null</c> for a proxy that fronts no app.</summary>
    [Id(5)] public string? InboundAddress { get; init; }

    /// <summary>
    /// The config versions the proxy said it already holds (it reconnected, or came up from its local cache): they
    /// count as ACKed, since the silo sends nothing the proxy already has.
    /// </summary>
    [Id(6)] public IReadOnlyDictionary<string, long> HeldVersions { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// When the silo opened the session. Orders a proxy's sessions: a session's record or end that reaches the grain
    /// late (its call timed out, or the proxy already reconnected) never overrides a newer session.
    /// </summary>
    [Id(7)] public DateTimeOffset OpenedAt { get; init; }
}
