using System.Net;
using Mesh.ProxyAgent.Forwarding;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Mirroring;

/// <summary>
/// Copies requests, fire-and-forget, to a mirror endpoint. The copy is built from the request synchronously (the
/// HttpContext is recycled once the caller's response ends) and sent on the thread pool; it is never awaited, its
/// response is discarded, and its failures are only logged, so the caller's response and latency do not depend on
/// it. At most <see cref="MaxInFlight"/> copies are in flight: beyond that a copy is dropped, never queued.
/// </summary>
/// <remarks>
/// Only requests without a body are copied (GET, HEAD and the like): a body is streamed to the primary as it
/// arrives, and buffering it for a second reader would delay the primary and hold memory per request.
/// </remarks>
internal sealed partial class RequestMirror(HttpMessageInvoker client, TimeProvider time, ILogger<RequestMirror> logger, int maxInFlight = RequestMirror.DefaultMaxInFlight)
{
    public const int DefaultMaxInFlight = 64;

    /// <summary>How long a copy may take before it is abandoned.</summary>
    public static readonly TimeSpan CopyTimeout = TimeSpan.FromSeconds(30);

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private int _inFlight;

    public int MaxInFlight { get; } = maxInFlight;

    /// <summary>Whether <paramref name="request"/> has no body, so it can be copied without buffering one.</summary>
    public static bool HasNoBody(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding"));
    }

    /// <summary>
    /// Starts a copy of <paramref name="request"/> to <paramref name="endpoint"/> marked with
    /// <see cref="MeshHeaders.Mirror"/>, and returns at once: false when the copy was dropped (a body, or too many
    /// copies in flight).
    /// </summary>
    public bool TryMirror(HttpRequest request, EndpointSnapshot endpoint)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!HasNoBody(request))
        {
            return false;
        }

        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            LogDropped(endpoint.Id, MaxInFlight);
            return false;
        }

        HttpRequestMessage copy;
        try
        {
            copy = Copy(request, endpoint);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }

        _ = Task.Run(() => SendAsync(copy, endpoint.Id));
        return true;
    }

    private static HttpRequestMessage Copy(HttpRequest request, EndpointSnapshot endpoint)
    {
        var target = new Uri(endpoint.DestinationPrefix.TrimEnd('/') + request.PathBase + request.Path + request.QueryString);
        var copy = new HttpRequestMessage(new HttpMethod(request.Method), target) { Version = HttpVersion.Version11 };
        foreach (var (name, values) in request.Headers)
        {
            if (!HopByHop.Contains(name))
            {
                copy.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        copy.Headers.Host = request.Host.HasValue ? request.Host.Value : null;
        copy.Headers.TryAddWithoutValidation(MeshHeaders.Mirror, "true");
        return copy;
    }

    private async Task SendAsync(HttpRequestMessage copy, string endpointId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CopyTimeout, time);
            using var response = await client.SendAsync(copy, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            LogFailed(endpointId, e.Message);
        }
        finally
        {
            copy.Dispose();
            Interlocked.Decrement(ref _inFlight);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mirror copy to {Endpoint} dropped: {Limit} copies already in flight")]
    private partial void LogDropped(string endpoint, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mirror copy to {Endpoint} failed: {Reason}")]
    private partial void LogFailed(string endpoint, string reason);
}
