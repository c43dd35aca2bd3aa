using System.Globalization;

namespace Mesh.Demo.Frontend.Hosting;

/// <summary>
/// The frontend's settings, from the command line (<c>--Demo:RequestsPerSecond=20</c>) or the environment
/// (<c>Demo__RequestsPerSecond=20</c>); the listen address is ASP.NET Core's own (<c>--urls</c>, <c>ASPNETCORE_URLS</c>).
/// </summary>
public sealed record FrontendOptions
{
    /// <summary><c>Demo:OutboundUrl</c>: the outbound listener of this app's own proxy; every call goes through it.</summary>
    public Uri OutboundUrl { get; init; } = new("http://127.0.0.1:15001");

    /// <summary><c>Demo:Upstream</c>: the service called, sent as <c>Host</c> so the proxy knows where to route.</summary>
    public string Upstream { get; init; } = "backend";

    /// <summary><c>Demo:RequestsPerSecond</c>: background traffic, spread over <see cref="Loops"/>; 0 turns it off.</summary>
    public int RequestsPerSecond { get; init; } = 50;

    /// <summary><c>Demo:Loops</c>: concurrent request loops; each waits for its answer before its next tick.</summary>
    public int Loops { get; init; } = 5;

    /// <summary>How long one loop waits between its requests.</summary>
    public TimeSpan LoopPeriod => TimeSpan.FromSeconds(Loops / (double)RequestsPerSecond);

    public static FrontendOptions From(IConfiguration configuration)
    {
        var defaults = new FrontendOptions();
        var options = new FrontendOptions
        {
            OutboundUrl = configuration["Demo:OutboundUrl"] is { Length: > 0 } url ? new Uri(url) : defaults.OutboundUrl,
            Upstream = configuration["Demo:Upstream"] is { Length: > 0 } upstream ? upstream : defaults.Upstream,
            RequestsPerSecond = Number(configuration["Demo:RequestsPerSecond"], defaults.RequestsPerSecond),
            Loops = Number(configuration["Demo:Loops"], defaults.Loops),
        };
        if (options.RequestsPerSecond < 0 || options.Loops < 1)
        {
            throw new InvalidOperationException($"Demo:RequestsPerSecond must be 0 or more and Demo:Loops 1 or more; they are {options.RequestsPerSecond} and {options.Loops}");
        }

        return options;
    }

    private static int Number(string? value, int fallback) =>
        string.IsNullOrWhiteSpace(value) ? fallback : int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
