namespace Mesh.Demo.Tests.Infrastructure;

/// <summary>One service of a compose file, its values interpolated.</summary>
public sealed record ComposeService
{
    public required string Name { get; init; }

    public string? Image { get; init; }

    public string? BuildContext { get; init; }

    public string? Dockerfile { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Ports { get; init; } = [];

    public string? NetworkMode { get; init; }

    /// <summary>Service name → condition (<c>service_started</c> when none is given).</summary>
    public IReadOnlyDictionary<string, string> DependsOn { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Healthcheck { get; init; } = [];

    public string? ContainerName { get; init; }

    public string? Hostname { get; init; }

    /// <summary>The service whose network namespace this one shares (<c>network_mode: service:NAME</c>).</summary>
    public string? SharesNetworkOf => NetworkMode is { } mode && mode.StartsWith("service:", StringComparison.Ordinal) ? mode["service:".Length..] : null;

    /// <summary>The container side of each published port.</summary>
    public IEnumerable<int> PublishedContainerPorts => Ports.Select(p => int.Parse(p.Split('/')[0].Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Whether a published port names a host port (which would stop the service from scaling).</summary>
    public bool HasFixedHostPort => Ports.Any(p => p.Split('/')[0].Split(':') is { Length: > 1 } parts && parts[^2].Length > 0);
}
