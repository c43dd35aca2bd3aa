using Mesh.Model.Registry;
using Mesh.Model.Validation;

namespace Mesh.Grains.Registry;

/// <summary>
/// One service of the registry (key: service name): its endpoints and service-level settings. Every platform
/// adapter (API, sidecar, files) writes through it, so it is the one place endpoints are validated.
/// </summary>
public interface IServiceGrain : IGrainWithStringKey
{
    Task<ServiceSnapshot> GetAsync();

    Task<ServiceSummary> GetSummaryAsync();

    /// <summary>Adds or replaces the endpoint <see cref="EndpointRegistration.Id"/>.</summary>
    Task<WriteResult<ServiceEndpoint>> UpsertEndpointAsync(EndpointRegistration registration);

    /// <summary>Removes one endpoint; <see cref="WriteStatus.NotFound"/> if the service has no such endpoint.</summary>
    Task<WriteResult<ServiceSnapshot>> RemoveEndpointAsync(string endpointId);
}
