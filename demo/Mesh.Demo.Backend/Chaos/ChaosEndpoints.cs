namespace Mesh.Demo.Backend.Chaos;

/// <summary><c>GET /chaos</c> shows the faults in force; <c>POST /chaos</c> replaces them.</summary>
public static class ChaosEndpoints
{
    public static IEndpointRouteBuilder MapChaos(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/chaos", (ChaosState state) => Results.Ok(state.Current));
        endpoints.MapPost("/chaos", (ChaosSettings settings, ChaosState state, ILogger<ChaosState> logger) =>
        {
            var errors = settings.Validate();
            if (errors.Count > 0)
            {
                return Results.Problem(string.Join("; ", errors), statusCode: StatusCodes.Status400BadRequest);
            }

            state.Set(settings);
            ChaosLog.Changed(logger, settings.LatencyMs, settings.FailurePercent);
            return Results.Ok(settings);
        });
        return endpoints;
    }
}
