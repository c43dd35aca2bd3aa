using Microsoft.AspNetCore.Diagnostics;

namespace Mesh.Silo.Api;

/// <summary>
/// Answers a request whose grain call failed. Storage and cluster failures are 503 (nothing was acknowledged,
/// the client may retry); anything else is a 500 without internals. Bodies Kestrel refused are 400.
/// </summary>
internal sealed partial class StoreFailureHandler(IProblemDetailsService problems, ILogger<StoreFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read"),
            _ when Unavailability.IsUnavailable(exception) =>
                (StatusCodes.Status503ServiceUnavailable, "The control plane's store or cluster is unavailable; nothing was changed"),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error"),
        };
        LogFailure(httpContext.Request.Method, httpContext.Request.Path, status, exception);
        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed with {Status}")]
    private partial void LogFailure(string method, PathString path, int status, Exception exception);
}
