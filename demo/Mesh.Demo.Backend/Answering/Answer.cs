using Mesh.Demo.Backend.Chaos;
using Mesh.Demo.Backend.Hosting;

namespace Mesh.Demo.Backend.Answering;

/// <summary>
/// Every other request: after the injected latency, 200 with the version and instance in the body and in the
/// <c>x-app-version</c> / <c>x-app-instance</c> headers (callers count by them), or 503 for an injected failure.
/// </summary>
public static class Answer
{
    public const string VersionHeader = "x-app-version";
    public const string InstanceHeader = "x-app-instance";

    public static async Task<IResult> HandleAsync(HttpContext context, BackendOptions options, ChaosState chaos, TimeProvider time)
    {
        var settings = chaos.Current;
        if (settings.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), time, context.RequestAborted);
        }

        context.Response.Headers[VersionHeader] = options.Version;
        context.Response.Headers[InstanceHeader] = options.Instance;
        if (settings.FailurePercent > 0 && Random.Shared.Next(100) < settings.FailurePercent)
        {
            return Results.Json(new AnswerBody("backend", options.Version, options.Instance, "injected failure"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Ok(new AnswerBody("backend", options.Version, options.Instance, null));
    }
}
