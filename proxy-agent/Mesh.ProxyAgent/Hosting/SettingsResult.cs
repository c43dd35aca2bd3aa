namespace Mesh.ProxyAgent.Hosting;

/// <summary>The outcome of reading the settings: options, or every error, each naming its setting.</summary>
internal sealed record SettingsResult
{
    public ProxyAgentOptions? Options { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];
}
