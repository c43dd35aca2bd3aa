namespace Mesh.ProxyAgent.Forwarding;

/// <summary>
/// Sends each request to outbound, inbound or admin handling by the local port it arrived on. The Host header
/// cannot decide this: a caller could forge it to reach the admin API through a traffic port.
/// </summary>
internal sealed class ListenerDispatchMiddleware(RequestDelegate next, ListenerMap listeners, OutboundForwarder outbound, InboundForwarder inbound)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (listeners.RoleOf(context.Connection.LocalPort))
        {
            case ListenerRole.Outbound:
                return outbound.HandleAsync(context);
            case ListenerRole.Inbound:
                return inbound.HandleAsync(context);
            case ListenerRole.Admin:
                return next(context);
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
        }
    }
}
