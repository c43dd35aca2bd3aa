using Mesh.Demo.Frontend.Hosting;

namespace Mesh.Demo.Frontend.Traffic;

/// <summary>
/// Calls the upstream service the mesh way: to this app's own proxy (outbound listener) with the service as
/// <c>Host</c>; the proxy picks the version subset and the instance. Every outcome is counted.
/// </summary>
public sealed class BackendClient(HttpClient http, FrontendOptions options, TrafficCounters counters)
{
    public const string VersionHeader = "x-app-version";
    public const string InstanceHeader = "x-app-instance";

    /// <summary>Answers the proxy adds when it failed itself (no config, no endpoint, upstream error).</summary>
    public const string MeshReasonHeader = "x-mesh-reason";

    public async Task<BackendCall> CallAsync(CancellationToken cancellationToken)
    {
        var call = await SendAsync(cancellationToken);
        counters.Record(call);
        return call;
    }

    private async Task<BackendCall> SendAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, options.OutboundUrl);
        request.Headers.Host = options.Upstream;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new BackendCall((int)response.StatusCode, First(response, VersionHeader), First(response, InstanceHeader), First(response, MeshReasonHeader));
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new BackendCall(0, null, null, e.Message);
        }
    }

    private static string? First(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? values.FirstOrDefault() : null;
}
