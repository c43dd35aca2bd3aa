using Orleans.Placement;
using Mesh.Grains.Indexing;
using Mesh.Model.Naming;
using Mesh.Grains.Storage;
using Mesh.Model.Proxies;
using Mesh.Model.Validation;

namespace Mesh.Grains.Proxies;

/// <inheritdoc cref="IProxySubscriptionGrain"/>
/// <remarks>
/// The session's identity (hello, silo, connected) is stored on every connect and disconnect. Sent, ACKed and NACKed
/// versions are reported by the live session several times per change and per proxy, so they are kept in memory and
/// stored only with the next connect or disconnect: at 10,000 proxies a change would otherwise cost 20,000 storage
/// writes. After a failover the proxy's hello carries the versions it holds, which restores them. The grain lives on
/// the silo that holds the session (its first caller), so reports are local calls.
/// </remarks>
[PreferLocalPlacement]
internal sealed class ProxySubscriptionGrain(
    [PersistentState("proxy", GrainStorageNames.Mesh)] IPersistentState<ProxySubscriptionGrainState> state,
    TimeProvider time) : Grain, IProxySubscriptionGrain
{
    /// <summary>Longest NACK reason kept; longer ones are cut.</summary>
    public const int MaxErrorLength = 1024;

    private ProxySubscriptionGrainState? _reported;

    private string ProxyId => this.GetPrimaryKeyString();

    public async Task<WriteResult<ProxyStatus>> ConnectAsync(ProxyHello hello)
    {
        var errors = Validate(hello);
        if (errors.Count > 0)
        {
            return WriteResult<ProxyStatus>.Invalid(errors);
        }

        if (Current.Hello is { } recorded && recorded.OpenedAt > hello.OpenedAt)
        {
            // A late record of an older session (its call outlived the session): the newer one stands.
            return WriteResult<ProxyStatus>.Accepted(Status(Current)!);
        }

        var watches = hello.Watches.Distinct(StringComparer.Ordinal)
            .Select(s => Held(Current.Watches.FirstOrDefault(w => w.Service == s) ?? new WatchStatus { Service = s }, hello.HeldVersions))
            .ToList();
        if (Current.Hello is null)
        {
            await GrainFactory.ProxyIndex().AddAsync(ProxyId);
        }

        await CommitAsync(new ProxySubscriptionGrainState
        {
            Hello = hello,
            Connected = true,
            LastSeen = time.GetUtcNow(),
            Watches = watches,
        });
        return WriteResult<ProxyStatus>.Accepted(Status(Current)!);
    }

    public async Task<WriteResult<ProxyStatus>> AddWatchesAsync(IReadOnlyList<string> services)
    {
        if (Current.Hello is not { } hello)
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
            await CommitAsync(Current with
            {
                Hello = hello with { Watches = watches },
                Watches = Current.Watches.Concat(watches.Skip(hello.Watches.Count).Select(s => new WatchStatus { Service = s })).ToList(),
            });
        }

        return WriteResult<ProxyStatus>.Accepted(Status(Current)!);
    }

    public Task ReportAsync(IReadOnlyList<WatchReport> reports)
    {
        var current = Current;
        if (current.Hello is null)
        {
            // Only a connected proxy's watched services are tracked; anything else is a late or stray report.
            return Task.CompletedTask;
        }

        var watches = current.Watches.ToList();
        var changed = false;
        foreach (var report in reports)
        {
            var index = watches.FindIndex(w => w.Service == report.Service);
            if (index >= 0)
            {
                watches[index] = Apply(watches[index], report);
                changed = true;
            }
        }

        if (changed)
        {
            _reported = current with { LastSeen = time.GetUtcNow(), Watches = watches };
        }

        return Task.CompletedTask;
    }

    public async Task DisconnectAsync(string silo, DateTimeOffset openedAt)
    {
        if (Current.Hello is not { } hello || hello.Silo != silo || hello.OpenedAt > openedAt || !Current.Connected)
        {
            return;
        }

        await CommitAsync(Current with { Connected = false, LastSeen = time.GetUtcNow() });
    }

    public Task<ProxyStatus?> GetAsync() => Task.FromResult(Status(Current));

    /// <summary>The stored state with the session's latest reports applied (they are not stored on their own).</summary>
    private ProxySubscriptionGrainState Current => _reported ?? state.State;

    private static WatchStatus Apply(WatchStatus watch, WatchReport report)
    {
        var acked = Math.Max(report.Acked ?? 0, watch.AckedVersion ?? 0);
        var nacked = Math.Max(report.Nacked ?? 0, watch.NackedVersion ?? 0);
        var error = report.Nacked is { } n && n >= nacked ? report.Error : watch.Error;
        return watch with
        {
            SentVersion = Math.Max(Math.Max(report.Sent ?? 0, watch.SentVersion ?? 0), Math.Max(report.Acked ?? 0, report.Nacked ?? 0)) is var sent && sent > 0 ? sent : null,
            AckedVersion = acked > 0 ? acked : null,
            NackedVersion = nacked > 0 ? nacked : null,
            // An ACK of something newer than the last NACK means the proxy got past it.
            Error = acked > nacked ? null : error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error,
        };
    }

    private async Task CommitAsync(ProxySubscriptionGrainState next)
    {
        await state.CommitAsync(next);
        _reported = null;
    }

    private static WatchStatus Held(WatchStatus watch, IReadOnlyDictionary<string, long> held) =>
        held.TryGetValue(watch.Service, out var version) && version > (watch.AckedVersion ?? 0)
            ? watch with { AckedVersion = version, SentVersion = Math.Max(version, watch.SentVersion ?? 0) }
            : watch;

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
        if (hello.Watches.Count > ProxyHello.MaxWatches)
        {
            errors.Add(new FieldError("watches", $"lists {hello.Watches.Count} services; at most {ProxyHello.MaxWatches} are allowed"));
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
