using Mesh.Grains.Indexing;
using Mesh.Grains.Naming;
using Mesh.Grains.Storage;
using Mesh.Model.Proxies;
using Mesh.Model.Validation;

namespace Mesh.Grains.Proxies;

/// <inheritdoc cref="IProxySubscriptionGrain"/>
public sealed class ProxySubscriptionGrain(
    [PersistentState("proxy", GrainStorageNames.Mesh)] IPersistentState<ProxySubscriptionGrainState> state,
    TimeProvider time) : Grain, IProxySubscriptionGrain
{
    /// <summary>How many services one proxy may watch.</summary>
    public const int MaxWatches = 256;

    /// <summary>Longest NACK reason kept; longer ones are cut.</summary>
    public const int MaxErrorLength = 1024;

    private string ProxyId => this.GetPrimaryKeyString();

    public async Task<WriteResult<ProxyStatus>> ConnectAsync(ProxyHello hello)
    {
        var errors = Validate(hello);
        if (errors.Count > 0)
        {
            return WriteResult<ProxyStatus>.Invalid(errors);
        }

        var watches = hello.Watches.Distinct(StringComparer.Ordinal)
            .Select(s => state.State.Watches.FirstOrDefault(w => w.Service == s) ?? new WatchStatus { Service = s })
            .ToList();
        if (state.State.Hello is null)
        {
            await GrainFactory.ProxyIndex().AddAsync(ProxyId);
        }

        await state.CommitAsync(new ProxySubscriptionGrainState
        {
            Hello = hello,
            Connected = true,
            LastSeen = time.GetUtcNow(),
            Watches = watches,
        });
        return WriteResult<ProxyStatus>.Accepted(Status(state.State)!);
    }

    public async Task<WriteResult<ProxyStatus>> AddWatchesAsync(IReadOnlyList<string> services)
    {
        if (state.State.Hello is not { } hello)
        {
            return WriteResult<ProxyStatus>.NotFound("proxyId", $"proxy '{ProxyId}' has no session");
        }

        var watches = hello.Watches.Concat(services).Distinct(StringComparer.Ordinal).ToList();
        var errors = Validate(hello with { Watches = watches });
        if (errors.Count > 0)
        {
            return WriteResult<ProxyStatus>.Invalid(errors);
        }

        if (watches.Count > hello.Watches.Count)
        {
            await state.CommitAsync(state.State with
            {
                Hello = hello with { Watches = watches },
                Watches = state.State.Watches.Concat(watches.Skip(hello.Watches.Count).Select(s => new WatchStatus { Service = s })).ToList(),
            });
        }

        return WriteResult<ProxyStatus>.Accepted(Status(state.State)!);
    }

    public Task RecordSentAsync(string service, long version) =>
        UpdateWatchAsync(service, w => w with { SentVersion = Math.Max(version, w.SentVersion ?? 0) });

    public Task RecordAckAsync(string service, long version) =>
        UpdateWatchAsync(service, w => w with
        {
            AckedVersion = Math.Max(version, w.AckedVersion ?? 0),
            Error = w.NackedVersion > version ? w.Error : null,
        });

    public Task RecordNackAsync(string service, long version, string reason) =>
        UpdateWatchAsync(service, w => w with
        {
            NackedVersion = Math.Max(version, w.NackedVersion ?? 0),
            Error = reason.Length <= MaxErrorLength ? reason : reason[..MaxErrorLength],
        });

    public async Task DisconnectAsync(string silo)
    {
        if (state.State.Hello?.Silo != silo || !state.State.Connected)
        {
            return;
        }

        await state.CommitAsync(state.State with { Connected = false, LastSeen = time.GetUtcNow() });
    }

    public Task<ProxyStatus?> GetAsync() => Task.FromResult(Status(state.State));

    private async Task UpdateWatchAsync(string service, Func<WatchStatus, WatchStatus> change)
    {
        var watches = state.State.Watches;
        var index = watches.Select(w => w.Service).ToList().IndexOf(service);
        if (state.State.Hello is null || index < 0)
        {
            // Only a connected proxy's watched services are tracked; anything else is a late or stray report.
            return;
        }

        await state.CommitAsync(state.State with
        {
            LastSeen = time.GetUtcNow(),
            Watches = watches.Select((w, i) => i == index ? change(w) : w).ToList(),
        });
    }

    private List<FieldError> Validate(ProxyHello hello)
    {
        var errors = new List<FieldError>();
        NameRules.Id(ProxyId, "proxyId", errors);
        if (hello.ProxyId != ProxyId)
        {
            errors.Add(new FieldError("proxyId", "does not match the proxy the session belongs to"));
        }

        NameRules.Service(hello.Service, "service", errors);
        NameRules.Labels(hello.Labels, "labels", errors);
        if (hello.Watches.Count > MaxWatches)
        {
            errors.Add(new FieldError("watches", $"lists {hello.Watches.Count} services; at most {MaxWatches} are allowed"));
        }
        else
        {
            for (var i = 0; i < hello.Watches.Count; i++)
            {
                NameRules.Service(hello.Watches[i], $"watches[{i}]", errors);
            }
        }

        if (hello.InboundAddress is not null)
        {
            NameRules.Address(hello.InboundAddress, "inboundAddress", errors);
        }

        if (string.IsNullOrEmpty(hello.Silo))
        {
            errors.Add(new FieldError("silo", "is required"));
        }

        return errors;
    }

    private ProxyStatus? Status(ProxySubscriptionGrainState s) => s.Hello is not { } hello ? null : new ProxyStatus
    {
        Id = ProxyId,
        Service = hello.Service,
        Labels = hello.Labels,
        InboundAddress = hello.InboundAddress,
        Silo = s.Connected ? hello.Silo : null,
        Connected = s.Connected,
        LastSeen = s.LastSeen,
        Watches = s.Watches.Select(w => w with { State = SyncStates.Of(w, s.Connected) }).ToList(),
    };
}
