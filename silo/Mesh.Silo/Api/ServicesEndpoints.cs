using Mesh.Grains.Indexing;
using Mesh.Model.Naming;
using Mesh.Grains.Registry;
using Mesh.Grains.Routing;
using Mesh.Model.Registry;
using Mesh.Model.Validation;
using Mesh.Silo.Api.Contracts;

namespace Mesh.Silo.Api;

/// <summary><c>/api/v1/services</c>: the registry, and manual registration (the API platform adapter).</summary>
internal static class ServicesEndpoints
{
    public static RouteGroupBuilder MapServices(this RouteGroupBuilder api)
    {
        var services = api.MapGroup("/services").WithTags("Services");
        services.MapGet("", ListAsync).WithName("ListServices");
        services.MapGet("/{service}", GetAsync).WithName("GetService");
        services.MapPut("/{service}/endpoints/{id}", PutEndpointAsync).WithName("PutEndpoint").Accepts<EndpointRequest>("application/json");
        services.MapDelete("/{service}/endpoints/{id}", DeleteEndpointAsync).WithName("DeleteEndpoint");
        return api;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var names = await grains.ServiceIndex().ListAsync();
        var summaries = await Task.WhenAll(names.Select(n => grains.GetGrain<IServiceGrain>(n).GetSummaryAsync()));
        return TypedResults.Ok(summaries);
    }

    private static async Task<IResult> GetAsync(string service, IGrainFactory grains, HttpResponse response)
    {
        if (await ServiceNames.FindAsync(grains, service) is { } problem)
        {
            return problem;
        }

        var snapshotTask = grains.GetGrain<IServiceGrain>(service).GetAsync();
        var routesTask = grains.GetGrain<IRoutePolicyGrain>(service).GetAsync();
        var (snapshot, routes) = (await snapshotTask, await routesTask);
        response.Headers.ETag = Preconditions.ETag(snapshot.ResourceVersion);
        return TypedResults.Ok(new ServiceResponse(snapshot.Name, snapshot.ResourceVersion, routes.ResourceVersion, snapshot.Endpoints, snapshot.Settings));
    }

    private static async Task<IResult> PutEndpointAsync(
        string service, string id, IGrainFactory grains, HttpRequest request, CancellationToken cancellationToken)
    {
        if (ServiceNames.Check(service) is { } invalid)
        {
            return invalid;
        }

        var (body, errors) = await JsonBody.ReadAsync<EndpointRequest>(request, cancellationToken);
        if (body is null)
        {
            return Problems.Invalid(errors);
        }

        var result = await grains.GetGrain<IServiceGrain>(service).UpsertEndpointAsync(new EndpointRegistration
        {
            Id = id,
            Address = body.Address,
            Labels = body.Labels,
            Source = EndpointSources.Api,
        });
        return result.Status == WriteStatus.Accepted ? TypedResults.Ok(result.Value) : Problems.From(result);
    }

    private static async Task<IResult> DeleteEndpointAsync(string service, string id, IGrainFactory grains)
    {
        if (await ServiceNames.FindAsync(grains, service) is { } problem)
        {
            return problem;
        }

        // An id that breaks the rules was never stored: say what is wrong with it rather than that it is missing.
        var errors = new List<FieldError>();
        NameRules.Id(id, "id", errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var result = await grains.GetGrain<IServiceGrain>(service).RemoveEndpointAsync(id);
        return result.Status == WriteStatus.Accepted ? TypedResults.NoContent() : Problems.From(result);
    }
}
