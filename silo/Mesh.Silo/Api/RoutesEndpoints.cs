using Mesh.Model.Revisions;
using Mesh.Grains.Routing;
using Mesh.Model.Routing;
using Mesh.Model.Validation;
using Mesh.Silo.Api.Contracts;

namespace Mesh.Silo.Api;

/// <summary><c>/api/v1/services/{service}/routes</c>: the route policy, its history and rollback.</summary>
internal static class RoutesEndpoints
{
    public static RouteGroupBuilder MapRoutes(this RouteGroupBuilder api)
    {
        var routes = api.MapGroup("/services/{service}/routes").WithTags("Routes");
        routes.MapGet("", GetAsync).WithName("GetRoutes");
        routes.MapPut("", PutAsync).WithName("PutRoutes").Accepts<RouteTableRequest>("application/json");
        routes.MapGet("/history", HistoryAsync).WithName("GetRoutesHistory");
        routes.MapGet("/history/{version:long}", RevisionAsync).WithName("GetRoutesRevision");
        routes.MapPost("/rollback", RollbackAsync).WithName("RollbackRoutes").Accepts<RollbackRequest>("application/json");
        return api;
    }

    private static async Task<IResult> GetAsync(string service, IGrainFactory grains, HttpResponse response)
    {
        if (await ServiceNames.FindAsync(grains, service) is { } problem)
        {
            return problem;
        }

        return Ok(response, await grains.GetGrain<IRoutePolicyGrain>(service).GetAsync());
    }

    private static async Task<IResult> PutAsync(string service, IGrainFactory grains, HttpRequest request, CancellationToken cancellationToken)
    {
        if (ServiceNames.Check(service) is { } invalid)
        {
            return invalid;
        }

        var (body, errors) = await JsonBody.ReadAsync<RouteTableRequest>(request, cancellationToken);
        if (body is null)
        {
            return Problems.Invalid(errors);
        }

        var (expected, precondition) = Preconditions.Expected(request, body.ResourceVersion);
        if (precondition is not null)
        {
            return Problems.Invalid(precondition);
        }

        var result = await grains.GetGrain<IRoutePolicyGrain>(service)
            .PutAsync(new RouteTable { Routes = body.Routes }, expected, ApiIdentity.User);
        return result.Status == WriteStatus.Accepted ? Ok(request.HttpContext.Response, result.Value!) : Problems.From(result);
    }

    private static async Task<IResult> HistoryAsync(string service, IGrainFactory grains)
    {
        if (await ServiceNames.FindAsync(grains, service) is { } problem)
        {
            return problem;
        }

        var history = await grains.GetGrain<IRoutePolicyGrain>(service).GetHistoryAsync();
        return TypedResults.Ok(history.Select(RevisionResponse.From).ToList());
    }

    private static async Task<IResult> RevisionAsync(string service, long version, IGrainFactory grains)
    {
        if (await ServiceNames.FindAsync(grains, service) is { } problem)
        {
            return problem;
        }

        var revision = await grains.GetGrain<IRoutePolicyGrain>(service).GetRevisionAsync(version);
        return revision is null
            ? Problems.NotFound($"version {version} of the routes of '{service}' was never written or is no longer kept")
            : TypedResults.Ok(RevisionResponse.From(revision));
    }

    private static async Task<IResult> RollbackAsync(string service, IGrainFactory grains, HttpRequest request, CancellationToken cancellationToken)
    {
        var (toVersion, expected, problem) = await Rollbacks.ReadAsync(service, grains, request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await grains.GetGrain<IRoutePolicyGrain>(service).RollbackAsync(toVersion, expected, ApiIdentity.User);
        return result.Status == WriteStatus.Accepted ? Ok(request.HttpContext.Response, result.Value!) : Problems.From(result);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<RoutePolicyResponse> Ok(HttpResponse response, DocumentSnapshot<RouteTable> snapshot)
    {
        response.Headers.ETag = Preconditions.ETag(snapshot.ResourceVersion);
        return TypedResults.Ok(RoutePolicyResponse.From(snapshot));
    }
}
