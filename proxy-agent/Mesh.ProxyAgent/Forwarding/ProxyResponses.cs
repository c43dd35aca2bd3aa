using Yarp.ReverseProxy.Forwarder;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>Answers the proxy gives itself, each with a reason in <see cref="MeshHeaders.Reason"/>.</summary>
internal static class ProxyResponses
{
    public static void Reject(HttpContext context, int statusCode, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = statusCode;
        context.Response.Headers[MeshHeaders.Reason] = MeshHeaders.Sanitize(reason);
    }

    /// <summary>As <see cref="Reject"/>, with the reason as a plain-text body too.</summary>
    public static Task RejectWithBodyAsync(HttpContext context, int statusCode, string reason)
    {
        Reject(context, statusCode, reason);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }

    /// <summary>
    /// After a failed forward: YARP has set 502 (504 on timeout) if the response had not started; add why. Returns
    /// the failure text for the log.
    /// </summary>
    public static string ExplainFailure(HttpContext context, ForwarderError error, string target)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cause = context.GetForwarderErrorFeature()?.Exception?.Message;
        var reason = cause is null ? $"{target} failed: {error}" : $"{target} failed: {error}: {cause}";
        if (!context.Response.HasStarted)
        {
            context.Response.Headers[MeshHeaders.Reason] = MeshHeaders.Sanitize(reason);
        }

        return reason;
    }
}
