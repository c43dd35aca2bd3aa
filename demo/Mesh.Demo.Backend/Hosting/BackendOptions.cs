using System.Globalization;
using Mesh.Demo.Backend.Chaos;

namespace Mesh.Demo.Backend.Hosting;

/// <summary>
/// The backend's settings, from the command line (<c>--Demo:Version=v2</c>) or the environment
/// (<c>Demo__Version=v2</c>); the listen address is ASP.NET Core's own (<c>--urls</c>, <c>ASPNETCORE_URLS</c>).
/// </summary>
public sealed record BackendOptions
{
    /// <summary><c>Demo:Version</c>: the version this instance reports, matching its proxy's <c>Mesh:Version</c>.</summary>
    public string Version { get; init; } = "v1";

    /// <summary><c>Demo:Instance</c>: this instance's name in answers.</summary>
    public string Instance { get; init; } = Environment.MachineName;

    /// <summary><c>Demo:LatencyMs</c> and <c>Demo:FailurePercent</c>: the chaos in force at start.</summary>
    public ChaosSettings Chaos { get; init; } = ChaosSettings.None;

    public static BackendOptions From(IConfiguration configuration)
    {
        var defaults = new BackendOptions();
        return new BackendOptions
        {
            Version = configuration["Demo:Version"] is { Length: > 0 } version ? version : defaults.Version,
            Instance = configuration["Demo:Instance"] is { Length: > 0 } instance ? instance : defaults.Instance,
            Chaos = new ChaosSettings
            {
                LatencyMs = Number(configuration["Demo:LatencyMs"]),
                FailurePercent = Number(configuration["Demo:FailurePercent"]),
            },
        };
    }

    private static int Number(string? value) =>
        string.IsNullOrWhiteSpace(value) ? 0 : int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
