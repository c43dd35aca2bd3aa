using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mesh.ProxyAgent.Telemetry;

/// <summary>
/// The proxy's request metrics on the Meter "Mesh.Proxy". Prometheus renders them as <c>mesh_requests_total</c>
/// (labels code, direction, service, subset) and <c>mesh_request_duration_seconds</c> (direction, service, subset).
/// </summary>
internal sealed class ProxyMetrics
{
    public const string MeterName = "Mesh.Proxy";

    public const string Inbound = "inbound";

    public const string Outbound = "outbound";

    /// <summary>
    /// The <c>service</c> label of outbound requests for a host that is no mesh service (yet): one value for all of
    /// them, which no service name can be, so that an app calling arbitrary hosts cannot grow the label set.
    /// </summary>
    public const string UnknownService = "(unknown)";

    private static readonly double[] DurationBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public ProxyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("mesh.requests", unit: null, description: "Requests handled by the proxy, by direction, service, subset and status code.");
        _duration = meter.CreateHistogram(
            "mesh.request.duration",
            unit: "s",
            description: "Time from receiving a request to the end of its response, by direction, service and subset.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <param name="direction"><see cref="Inbound"/> or <see cref="Outbound"/>.</param>
    /// <param name="subset">The subset chosen; for inbound, this instance's version; empty when none.</param>
    public void Record(string direction, string service, string subset, int statusCode, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "direction", direction },
            { "service", service },
            { "subset", subset },
        };
        _duration.Record(elapsed.TotalSeconds, tags);
        tags.Add("code", StatusCodeText.Of(statusCode));
        _requests.Add(1, tags);
    }
}
