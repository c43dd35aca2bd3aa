using Orleans.Concurrency;
using Mesh.Model.Registry;
using Mesh.Model.Revisions;
using Mesh.Model.Validation;

namespace Mesh.Grains.Registry;

/// <summary>
/// One service of the registry (key: service name): its endpoints and service-level settings. Every platform
/// adapter (API, sidecar, files) writes through it, so it is the one place endpoints are validated.
/// </summary>
public interface IServiceGrain : IGrainWithStringKey
{
    /// <remarks>Interleaves with writes waiting for storage and answers the last stored state: config reads are never queued behind a burst of writes.</remarks>
    [AlwaysInterleave]
    Task<ServiceSnapshot> GetAsync();

    Task<ServiceSummary> GetSummaryAsync();

    /// <summary>Adds or replaces the endpoint <see cref="EndpointRegistration.Id"/>.</summary>
    Task<WriteResult<ServiceEndpoint>> UpsertEndpointAsync(EndpointRegistration registration);

    /// <summary>Removes one endpoint; <see cref="WriteStatus.NotFound"/> if the service has no such endpoint.</summary>
    Task<WriteResult<ServiceSnapshot>> RemoveEndpointAsync(string endpointId);

    /// <summary>
    /// Removes the endpoint a proxy registered for its instance, when it stops gracefully. An endpoint of the
    /// same id registered by another adapter (the API) is left alone.
    /// </summary>
    Task RemoveSidecarEndpointAsync(string proxyId);

    /// <summary>
    /// Extends the leases of sidecar endpoints whose sessions are alive (called in batches by the silo holding the
    /// sessions). Returns the ids it does not hold, so the caller can register them again.
    /// </summary>
    Task<IReadOnlyList<string>> RenewLeasesAsync(IReadOnlyList<string> endpointIds, TimeSpan lease);

    /// <summary>
    /// Marks an endpoint healthy or not, as its own proxy's active health checks found; an unhealthy endpoint stays
    /// registered but leaves every caller's endpoint set. Unknown endpoints are ignored.
    /// </summary>
    Task SetEndpointHealthAsync(string endpointId, bool healthy);

    /// <summary>The service policy and its own resource version.</summary>
    Task<DocumentSnapshot<ServiceSettings>> GetPolicyAsync();

    /// <summary>
    /// Validates and stores the service policy as its next version, refusing a write based on another version than
    /// <paramref name="expectedVersion"/> when one is given; nothing partial is stored.
    /// </summary>
    Task<WriteResult<DocumentSnapshot<ServiceSettings>>> PutPolicyAsync(ServiceSettings policy, long? expectedVersion, string by);

    /// <summary>The kept versions of the policy, newest first.</summary>
    Task<IReadOnlyList<RevisionInfo>> GetPolicyHistoryAsync();

    Task<Revision<ServiceSettings>?> GetPolicyRevisionAsync(long version);

    /// <summary>Writes a new policy version equal to version <paramref name="toVersion"/>.</summary>
    Task<WriteResult<DocumentSnapshot<ServiceSettings>>> RollbackPolicyAsync(long toVersion, long? expectedVersion, string by);
}
