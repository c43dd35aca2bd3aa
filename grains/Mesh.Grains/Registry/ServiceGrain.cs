using Mesh.Grains.Indexing;
using Mesh.Model.Naming;
using Mesh.Grains.Storage;
using Mesh.Grains.Streams;
using Mesh.Model.Registry;
using Mesh.Model.Validation;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Registry;

/// <inheritdoc cref="IServiceGrain"/>
/// <remarks>
/// Sidecar endpoints live on leases kept in memory, not in storage: renewals arrive every second or two per
/// proxy and must not cost a write or a new version. A fresh activation (after a silo loss) grants every stored
/// sidecar endpoint one lease of grace; endpoints whose proxies are alive are renewed within it, the others lapse.
/// </remarks>
internal sealed partial class ServiceGrain(
    [PersistentState("service", GrainStorageNames.Mesh)] IPersistentState<ServiceGrainState> state,
    TimeProvider time,
    ILogger<ServiceGrain> logger) : Grain, IServiceGrain
{
    /// <summary>The label that selects subset <c>vX</c> when a service defines no subsets of its own.</summary>

    /// <summary>Lease granted to stored sidecar endpoints when the grain activates.</summary>
    public static readonly TimeSpan ActivationGrace = TimeSpan.FromSeconds(10);

    /// <summary>How often lapsed leases are looked for.</summary>
    public static readonly TimeSpan ExpiryPeriod = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, DateTimeOffset> _leases = new(StringComparer.Ordinal);
    private IGrainTimer? _expiryTimer;

    private string Service => this.GetPrimaryKeyString();

    private ServiceGrainState? _committed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = state.State;
        var until = time.GetUtcNow() + ActivationGrace;
        foreach (var endpoint in state.State.Endpoints.Where(e => e.Source == EndpointSources.Sidecar))
        {
            _leases[endpoint.Id] = until;
        }

        UpdateExpiryTimer();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The last stored state: what <see cref="GetAsync"/> answers. It interleaves with writes waiting for storage, so
    /// config reads are not queued behind a burst of registrations, and never see a state that is not stored yet.
    /// </summary>
    private ServiceGrainState Committed => _committed ?? state.State;

    public Task<ServiceSnapshot> GetAsync() => Task.FromResult(new ServiceSnapshot
    {
        Name = Service,
        ResourceVersion = Committed.Version,
        Endpoints = Committed.Endpoints
            .Select(e => _leases.TryGetValue(e.Id, out var until) ? e with { LeaseExpiresAt = until } : e)
            .ToList(),
        Settings = Committed.Settings,
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
                .Select(e => e.Labels.GetValueOrDefault(EndpointLabels.Version))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList(),
            ResourceVersion = state.State.Version,
        });
    }

    public async Task<WriteResult<ServiceEndpoint>> UpsertEndpointAsync(EndpointRegistration registration)
    {
        var errors = Validate(registration);
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
        };

        var endpoints = state.State.Endpoints;
        var index = IndexOf(endpoints, endpoint.Id);
        if (index >= 0 && endpoint.Source == EndpointSources.Sidecar)
        {
            // A sidecar's health comes from its health reports, not from (re)registration after a reconnect.
            endpoint = endpoint with { Healthy = endpoints[index].Healthy };
        }

        if (index < 0 || !SameRegistration(endpoints[index], endpoint))
        {
            var next = index >= 0
                ? endpoints.Select((e, i) => i == index ? endpoint : e).ToList()
                : endpoints.Append(endpoint).ToList();
            await CommitAsync(state.State with { Endpoints = next });
        }

        // Only once stored: a lease of an endpoint the store refused would hide it from re-registration.
        if (registration.Lease is { } lease)
        {
            _leases[endpoint.Id] = time.GetUtcNow() + lease;
        }
        else
        {
            _leases.Remove(endpoint.Id);
        }

        UpdateExpiryTimer();
        return WriteResult<ServiceEndpoint>.Accepted(registration.Lease is null ? endpoint : endpoint with { LeaseExpiresAt = _leases[endpoint.Id] });
    }

    public async Task<WriteResult<ServiceSnapshot>> RemoveEndpointAsync(string endpointId)
    {
        if (IndexOf(state.State.Endpoints, endpointId) < 0)
        {
            return WriteResult<ServiceSnapshot>.NotFound("id", $"service '{Service}' has no endpoint '{endpointId}'");
        }

        await RemoveAsync([endpointId]);
        return WriteResult<ServiceSnapshot>.Accepted(await GetAsync());
    }

    public async Task RemoveSidecarEndpointAsync(string proxyId)
    {
        var index = IndexOf(state.State.Endpoints, proxyId);
        if (index >= 0 && state.State.Endpoints[index].Source == EndpointSources.Sidecar)
        {
            await RemoveAsync([proxyId]);
        }
    }

    public async Task SetEndpointHealthAsync(string endpointId, bool healthy)
    {
        var endpoints = state.State.Endpoints;
        var index = IndexOf(endpoints, endpointId);
        if (index < 0 || endpoints[index].Healthy == healthy)
        {
            return;
        }

        LogHealthChanged(Service, endpointId, healthy);
        await CommitAsync(state.State with { Endpoints = endpoints.Select((e, i) => i == index ? e with { Healthy = healthy } : e).ToList() });
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(IReadOnlyList<string> endpointIds, TimeSpan lease)
    {
        var until = time.GetUtcNow() + lease;
        var unknown = new List<string>();
        foreach (var id in endpointIds)
        {
            if (_leases.ContainsKey(id))
            {
                _leases[id] = until;
            }
            else
            {
                unknown.Add(id);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(unknown);
    }

    private List<FieldError> Validate(EndpointRegistration registration)
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

        if (registration.Lease is { } lease && (lease <= TimeSpan.Zero || lease > TimeSpan.FromMinutes(10)))
        {
            errors.Add(new FieldError("lease", "must be between 0 and 10 minutes"));
        }

        return errors;
    }

    private async Task RemoveAsync(IReadOnlyCollection<string> ids)
    {
        await CommitAsync(state.State with { Endpoints = state.State.Endpoints.Where(e => !ids.Contains(e.Id)).ToList() });
        foreach (var id in ids)
        {
            _leases.Remove(id);
        }

        UpdateExpiryTimer();
    }

    /// <summary>Removes the sidecar endpoints whose leases lapsed, in one commit.</summary>
    private async Task ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lapsed = _leases.Where(l => l.Value <= now).Select(l => l.Key).ToList();
        if (lapsed.Count == 0)
        {
            return;
        }

        LogLeasesLapsed(Service, lapsed.Count);
        await RemoveAsync(lapsed);
    }

    /// <summary>Runs the expiry timer while any lease is held; it keeps the grain active so leases are enforced.</summary>
    private void UpdateExpiryTimer()
    {
        if (_leases.Count > 0 && _expiryTimer is null)
        {
            _expiryTimer = this.RegisterGrainTimer(ExpireLeasesAsync, new GrainTimerCreationOptions(ExpiryPeriod, ExpiryPeriod) { KeepAlive = true });
        }
        else if (_leases.Count == 0 && _expiryTimer is not null)
        {
            _expiryTimer.Dispose();
            _expiryTimer = null;
        }
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

    /// <summary>Whether a re-registration changes nothing, so that repeating it does not make a new version.</summary>
    private static bool SameRegistration(ServiceEndpoint a, ServiceEndpoint b) =>
        a.Address == b.Address
        && a.Source == b.Source
        && a.ProxyId == b.ProxyId
        && a.Healthy == b.Healthy
        && a.Labels.Count == b.Labels.Count
        && a.Labels.All(l => b.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    /// <summary>Stores the next version, then announces it.</summary>
    private async Task CommitAsync(ServiceGrainState next)
    {
        var current = state.State;
        if (current.Version == 0)
        {
            await GrainFactory.ServiceIndex().AddAsync(Service);
        }

        await state.CommitAsync(next with { Version = current.Version + 1 });
        _committed = state.State;
        await this.PublishAsync(logger, Service, "service", state.State.Version);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Endpoint {EndpointId} of {Service} is now healthy: {Healthy}")]
    private partial void LogHealthChanged(string service, string endpointId, bool healthy);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} sidecar endpoint leases of {Service} lapsed")]
    private partial void LogLeasesLapsed(string service, int count);
}
