using Mesh.Model.Revisions;
using Mesh.Grains.Registry;
using Mesh.Model.Registry;
using Mesh.Model.Validation;
using Mesh.Silo.Api.Contracts;

namespace Mesh.Silo.Api;

/// <summary><c>/api/v1/services/{service}/policy</c>: the service policy, its history and rollback.</summary>
internal static class PolicyEndpoints
{
    public static RouteGroupBuilder MapPolicies(this RouteGroupBuilder api)
    {
        var policy = api.MapGroup("/services/{service}/policy").WithTags("Policy");
        policy.MapGet("", GetAsync).WithName("GetPolicy");
        policy.MapPut("", PutAsync).WithName("PutPolicy").Accepts<ServicePolicyDocument>("application/json");
        policy.MapGet("/history", async (string service, IGrainFactory grains) =>
            await ServiceNames.FindAsync(grains, service)
            ?? TypedResults.Ok((await grains.GetGrain<IServiceGrain>(service).GetPolicyHistoryAsync()).Select(RevisionResponse.From).ToList()))
            .WithName("GetPolicyHistory");
        policy.MapGet("/history/{version:long}", RevisionAsync).WithName("GetPolicyRevision");
        policy.MapPost("/rollback", RollbackAsync).WithName("RollbackPolicy").Accepts<RollbackRequest>("application/json");
        return api;
    }

    private static async Task<IResult> GetAsync(string service, IGrainFactory grains, HttpResponse response) =>
        await ServiceNames.FindAsync(grains, service) ?? Ok(response, await grains.GetGrain<IServiceGrain>(service).GetPolicyAsync());

    private static async Task<IResult> PutAsync(string service, IGrainFactory grains, HttpRequest request, CancellationToken cancellationToken)
    {
        if (ServiceNames.Check(service) is { } invalid)
        {
            return invalid;
        }

        var (body, errors) = await JsonBody.ReadAsync<ServicePolicyDocument>(request, cancellationToken);
        if (body is null)
        {
            return Problems.Invalid(errors);
        }

        var (expected, precondition) = Preconditions.Expected(request, body.ResourceVersion);
        if (precondition is not null)
        {
            return Problems.Invalid(precondition);
        }

        var result = await grains.GetGrain<IServiceGrain>(service).PutPolicyAsync(body.ToSettings(), expected, ApiIdentity.User);
        return result.Status == WriteStatus.Accepted ? Ok(request.HttpContext.Response, result.Value!) : Problems.From(result);
    }

    private static async Task<IResult> RevisionAsync(string service, long version, IGrainFactory grains)
    {
        if (await ServiceNames.FindAsync(grains, service) is { } problem)
        {
            return problem;
        }

        var revision = await grains.GetGrain<IServiceGrain>(service).GetPolicyRevisionAsync(version);
        return revision is null
            ? Problems.NotFound($"version {version} of the policy of '{service}' was never written or is no longer kept")
            : TypedResults.Ok(new { revision.Info.Version, When = revision.Info.At, Who = revision.Info.By, revision.Info.Summary, Policy = ServicePolicyDocument.From(version, revision.Document) });
    }

    private static async Task<IResult> RollbackAsync(string service, IGrainFactory grains, HttpRequest request, CancellationToken cancellationToken)
    {
        var (toVersion, expected, problem) = await Rollbacks.ReadAsync(service, grains, request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await grains.GetGrain<IServiceGrain>(service).RollbackPolicyAsync(toVersion, expected, ApiIdentity.User);
        return result.Status == WriteStatus.Accepted ? Ok(request.HttpContext.Response, result.Value!) : Problems.From(result);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<ServicePolicyDocument> Ok(HttpResponse response, DocumentSnapshot<ServiceSettings> snapshot)
    {
        response.Headers.ETag = Preconditions.ETag(snapshot.ResourceVersion);
        return TypedResults.Ok(ServicePolicyDocument.From(snapshot.ResourceVersion, snapshot.Document));
    }
}
