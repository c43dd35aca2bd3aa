using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Mesh.Testing;

namespace Mesh.Bench.Convergence;

/// <summary>Route changes through the Rules API, each named by its route (<c>change-{k}</c>), with when the API replied.</summary>
public static class RouteChanges
{
    public static string Document(int change) => NumberedChanges.Document(change);

    /// <summary>PUTs change <paramref name="change"/> and returns the Stopwatch timestamp of the API's reply.</summary>
    public static async Task<long> PutAsync(HttpClient api, string service, int change, CancellationToken cancellationToken)
    {
        using var content = new StringContent(Document(change), Encoding.UTF8, "application/json");
        using var response = await api.PutAsync(new Uri($"/api/v1/services/{service}/routes", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var replied = Stopwatch.GetTimestamp();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"PUT routes of {service} (change {change}) answered {(int)response.StatusCode}: {body}");
        }

        return replied;
    }

    /// <summary>The change the stored route document carries now (-1: the initial one).</summary>
    public static async Task<int> CurrentChangeAsync(HttpClient api, string service, CancellationToken cancellationToken)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/v1/services/{service}/routes", UriKind.Relative), cancellationToken));
        var name = document.RootElement.GetProperty("routes")[0].GetProperty("name").GetString() ?? "";
        return NumberedChanges.Of(name);
    }

    public static double Milliseconds(long from, long to) => (to - from) * 1000d / Stopwatch.Frequency;

    public static string Ms(double value) => double.IsNaN(value) ? "—" : value.ToString(value < 10 ? "F1" : "F0", CultureInfo.InvariantCulture);

    public static HttpClient Client(SiloProcess silo) => new(new SocketsHttpHandler { PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = silo.ApiUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
