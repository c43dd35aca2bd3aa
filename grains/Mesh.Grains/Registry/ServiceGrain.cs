using Mesh.Grains.Indexing;
using Mesh.Grains.Naming;
using Mesh.Grains.Storage;
using Mesh.Model.Registry;
using Mesh.Model.Validation;

namespace Mesh.Grains.Registry;

/// <inheritdoc cref="IServiceGrain"/>
public sealed class ServiceGrain(
    [PersistentState("service", GrainStorageNames.Mesh)] IPersistentState<ServiceGrainState> state,
    TimeProvider time) : Grain, IServiceGrain
{
    /// <summary>The label that selects subset <c>vX</c> when a service defines no subsets of its own.</summary>
    public const string VersionLabel = "version";

    private string Service => this.GetPrimaryKeyString();

    public Task<ServiceSnapshot> GetAsync() => Task.FromResult(new ServiceSnapshot
    {
        Name = Service,
        ResourceVersion = state.State.Version,
        Endpoints = state.State.Endpoints,
        Settings = state.State.Settings,
    });

    public Task<ServiceSummary> GetSummaryAsync()
    {
        var endpoints = state.State.Endpoints;
        return Task.FromResult(new ServiceSummary
        {
            Name = Service,
            Endpoints = endpoints.Count,
            HealthyEndpoints = endpoints.Count(e => e.Healthy),
            Versions = endpoints
                .Select(e => e.Labels.GetValueOrDefault(VersionLabel))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList(),
            ResourceVersion = state.State.Version,
        });
    }

    public async Task<WriteResult<ServiceEndpoint>> UpsertEndpointAsync(EndpointRegistration registration)
    {
        var errors = new List<FieldError>();
        NameRules.Service(Service, "service", errors);
        NameRules.Id(registration.Id, "id", errors);
        NameRules.Address(registration.Address, "address", errors);
        NameRules.Labels(registration.Labels, "labels", errors);
        if (registration.Source is not (EndpointSources.Api or EndpointSources.Sidecar))
        {
            errors.Add(new FieldError("source", $"must be '{EndpointSources.Api}' or '{EndpointSources.Sidecar}'"));
        }

        if (registration.ProxyId is not null)
        {
            NameRules.Id(registration.ProxyId, "proxyId", errors);
        }

        if (errors.Count > 0)
        {
            return WriteResult<ServiceEndpoint>.Invalid(errors);
        }

        var endpoint = new ServiceEndpoint
        {
            Id = registration.Id,
            Address = new Uri(registration.Address!).GetLeftPart(UriPartial.Authority),
            Labels = new Dictionary<string, string>(registration.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            Healthy = true,
            Source = registration.Source,
            ProxyId = registration.ProxyId,
            LeaseExpiresAt = registration.Lease is { } lease ? time.GetUtcNow() + lease : null,
        };

        var endpoints = state.State.Endpoints;
        var index = IndexOf(endpoints, endpoint.Id);
        if (index >= 0 && SameRegistration(endpoints[index], endpoint))
        {
            return WriteResult<ServiceEndpoint>.Accepted(endpoints[index]);
        }

        var next = index >= 0
            ? endpoints.Select((e, i) => i == index ? endpoint : e).ToList()
            : endpoints.Append(endpoint).ToList();
        await CommitAsync(state.State with { Endpoints = next });
        return WriteResult<ServiceEndpoint>.Accepted(endpoint);
    }

    public async Task<WriteResult<ServiceSnapshot>> RemoveEndpointAsync(string endpointId)
    {
        var endpoints = state.State.Endpoints;
        var index = IndexOf(endpoints, endpointId);
        if (index < 0)
        {
            return WriteResult<ServiceSnapshot>.NotFound("id", $"service '{Service}' has no endpoint '{endpointId}'");
        }

        await CommitAsync(state.State with { Endpoints = endpoints.Where((_, i) => i != index).ToList() });
        return WriteResult<ServiceSnapshot>.Accepted(await GetAsync());
    }

    private static int IndexOf(IReadOnlyList<ServiceEndpoint> endpoints, string id)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether a re-registration changes nothing, so that repeating a PUT does not make a new version.</summary>
    private static bool SameRegistration(ServiceEndpoint a, ServiceEndpoint b) =>
        a.Address == b.Address
        && a.Source == b.Source
        && a.ProxyId == b.ProxyId
        && a.Healthy == b.Healthy
        && a.LeaseExpiresAt == b.LeaseExpiresAt
        && a.Labels.Count == b.Labels.Count
        && a.Labels.All(l => b.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    /// <summary>Stores the next version; the grain's state changes only once storage has accepted it.</summary>
    private async Task CommitAsync(ServiceGrainState next)
    {
        var current = state.State;
        if (current.Version == 0)
        {
            await GrainFactory.ServiceIndex().AddAsync(Service);
        }

        await state.CommitAsync(next with { Version = current.Version + 1 });
    }
}
