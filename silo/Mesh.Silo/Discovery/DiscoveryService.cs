using Grpc.Core;
using Mesh.Grains.Naming;
using Mesh.Grains.Proxies;
using Mesh.Grains.Registry;
using Mesh.Model.Proxies;
using Mesh.Model.Registry;
using Mesh.Model.Validation;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Api;
using Mesh.Silo.Cluster;
using Mesh.Silo.Push;

namespace Mesh.Silo.Discovery;

/// <summary>
/// The proxy API (<c>mesh.discovery.v1.Discovery</c>): one push session per connected proxy. See
/// <c>protos/Mesh.Protos/Protos/discovery.proto</c> for the protocol.
/// </summary>
public sealed partial class DiscoveryService(
    IGrainFactory grains,
    ServiceWatchRegistry registry,
    SidecarLeases leases,
    SyncReporter reports,
    LocalSessions sessions,
    ControlPlaneView controlPlane,
    ILocalSiloDetails silo,
    DiscoveryOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DiscoveryService> logger) : Protos.Discovery.V1.Discovery.DiscoveryBase
{
    public override async Task Stream(IAsyncStreamReader<ProxyMessage> requestStream, IServerStreamWriter<ControlMessage> responseStream, ServerCallContext context)
    {
        var siloName = silo.SiloAddress.ToString();
        requestStream = new DecodedMessages(requestStream);
        var hello = await ReadHelloAsync(requestStream, siloName, context.CancellationToken);
        var proxy = grains.GetGrain<IProxySubscriptionGrain>(hello.ProxyId);
        var recorded = await StoreOptionalAsync(() => proxy.ConnectAsync(hello), hello.ProxyId, "its session record");
        if (recorded is not null)
        {
            Reject(recorded);
        }

        var registration = hello.InboundAddress is null ? null : new EndpointRegistration
        {
            Id = hello.ProxyId,
            Address = hello.InboundAddress,
            Labels = hello.Labels,
            Source = EndpointSources.Sidecar,
            ProxyId = hello.ProxyId,
            Lease = options.Lease,
        };
        if (registration is not null)
        {
            // Unstored for now (the store is down): the lease renewals register it again until the store takes it.
            if (await StoreOptionalAsync(() => grains.GetGrain<IServiceGrain>(hello.Service).UpsertEndpointAsync(registration), hello.ProxyId, "its endpoint") is { } registered)
            {
                Reject(registered);
            }
        }

        using var session = new SiloProxySession(hello, requestStream.Current.Hello.HeldVersions, time.GetTimestamp());
        LogConnected(hello.ProxyId, hello.Service, hello.Watches.Count);
        // A silo shutting down ends its sessions at once: the proxies move to the other silos (keeping their configs
        // meanwhile) instead of holding the shutdown until Kestrel's 30 s timeout ends their streams.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping, session.Evicted);
        Task? writer = null;
        try
        {
            await responseStream.WriteAsync(new ControlMessage { Welcome = await WelcomeAsync(siloName) }, stop.Token);
            sessions.Add(session);
            if (registration is not null)
            {
                leases.Track(session, registration);
            }

            if (recorded is null)
            {
                _ = RecordLaterAsync(() => proxy.ConnectAsync(hello), stop.Token);
            }

            foreach (var service in hello.Watches)
            {
                await registry.AddAsync(service, session);
            }

            writer = session.RunWriterAsync(
                message => responseStream.WriteAsync(message, stop.Token),
                config => reports.Report(session, new WatchReport { Service = config.Service, Sent = config.Version }),
                stop.Token);
            _ = writer.ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
            await ReadAsync(requestStream, session, proxy, stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException || (e is RpcException rpc && rpc.StatusCode == StatusCode.Cancelled))
        {
            // The proxy went away without Goodbye (or its stream broke): its lease decides when its endpoint goes.
        }
        finally
        {
            await EndAsync(session, proxy, siloName, writer);
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "this silo is shutting down: connect to another one"));
        }

        if (session.Evicted.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "this proxy was told to move to another silo and did not: connect to another one"));
        }
    }

    private async Task<ProxyHello> ReadHelloAsync(IAsyncStreamReader<ProxyMessage> requests, string siloName, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.HelloTimeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        bool received;
        try
        {
            received = await requests.MoveNext(waiting.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"no hello within {options.HelloTimeout.TotalSeconds} s of opening the session"));
        }

        if (!received || requests.Current.KindCase != ProxyMessage.KindOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message of a session must be hello"));
        }

        var hello = requests.Current.Hello;
        var errors = new List<FieldError>();
        NameRules.Id(hello.ProxyId, "proxy_id", errors);
        NameRules.Service(hello.Service, "service", errors);

        // Counts first: everything below (and the grain's checks of each name) does work in proportion to them.
        if (hello.Watches.Count > ProxySubscriptionGrain.MaxWatches)
        {
            errors.Add(new FieldError("watches", $"lists {hello.Watches.Count} services; at most {ProxySubscriptionGrain.MaxWatches} are allowed"));
        }

        if (hello.HeldVersions.Count > ProxySubscriptionGrain.MaxWatches)
        {
            errors.Add(new FieldError("held_versions", $"lists {hello.HeldVersions.Count} services; at most {ProxySubscriptionGrain.MaxWatches} are allowed"));
        }

        if (hello.Labels.Count > NameRules.MaxLabels)
        {
            errors.Add(new FieldError("labels", $"has {hello.Labels.Count} labels; at most {NameRules.MaxLabels} are allowed"));
        }

        if (errors.Count > 0)
        {
            Reject(WriteResult<ProxyStatus>.Invalid(errors));
        }

        return new ProxyHello
        {
            ProxyId = hello.ProxyId,
            Service = hello.Service,
            Labels = new Dictionary<string, string>(hello.Labels, StringComparer.Ordinal),
            Watches = hello.Watches.Distinct(StringComparer.Ordinal).ToList(),
            Silo = siloName,
            OpenedAt = time.GetUtcNow(),
            InboundAddress = string.IsNullOrEmpty(hello.InboundAddress) ? null : hello.InboundAddress,
            // Only what it watches: the held versions are kept with the session's record.
            HeldVersions = hello.HeldVersions.Where(h => hello.Watches.Contains(h.Key)).ToDictionary(StringComparer.Ordinal),
        };
    }

    private async Task ReadAsync(IAsyncStreamReader<ProxyMessage> requests, SiloProxySession session, IProxySubscriptionGrain proxy, CancellationToken cancellationToken)
    {
        while (await requests.MoveNext(cancellationToken))
        {
            var message = requests.Current;
            switch (message.KindCase)
            {
                case ProxyMessage.KindOneofCase.Ack:
                    reports.Report(session, new WatchReport { Service = message.Ack.Service, Acked = message.Ack.Version });
                    break;
                case ProxyMessage.KindOneofCase.Nack:
                    LogNacked(session.ProxyId, message.Nack.Service, message.Nack.Version, message.Nack.Error);
                    reports.Report(session, new WatchReport { Service = message.Nack.Service, Nacked = message.Nack.Version, Error = message.Nack.Error });
                    break;
                case ProxyMessage.KindOneofCase.Watch:
                    var added = message.Watch.Services.Distinct(StringComparer.Ordinal).ToList();
                    Reject(await proxy.AddWatchesAsync(added));
                    foreach (var service in added)
                    {
                        await registry.AddAsync(service, session);
                    }

                    break;
                case ProxyMessage.KindOneofCase.Goodbye:
                    session.SaidGoodbye = true;
                    break;
                case ProxyMessage.KindOneofCase.Health when session.Hello.InboundAddress is not null:
                    // Only the session's own registered instance: a proxy cannot mark another endpoint.
                    await grains.GetGrain<IServiceGrain>(session.Hello.Service).SetEndpointHealthAsync(session.ProxyId, message.Health.Healthy);
                    break;
                case ProxyMessage.KindOneofCase.Health:
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "health: this session registered no instance (hello had no inbound_address)"));
                default:
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"unexpected message '{message.KindCase}' after hello"));
            }
        }
    }

    private async Task EndAsync(SiloProxySession session, IProxySubscriptionGrain proxy, string siloName, Task? writer)
    {
        session.Close();
        sessions.Remove(session);
        leases.Untrack(session);
        await registry.RemoveAsync(session);
        try
        {
            if (session.SaidGoodbye && session.Hello.InboundAddress is not null)
            {
                await grains.GetGrain<IServiceGrain>(session.Hello.Service).RemoveSidecarEndpointAsync(session.ProxyId);
            }

            await reports.FlushAsync(session);
            await proxy.DisconnectAsync(siloName, session.Hello.OpenedAt);
            if (writer is not null)
            {
                await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogEndFailed(e, session.ProxyId);
        }

        LogDisconnected(session.ProxyId, session.SaidGoodbye);
    }

    private async Task<Welcome> WelcomeAsync(string siloName)
    {
        var welcome = new Welcome { Silo = siloName, LeaseSeconds = (int)options.Lease.TotalSeconds };
        welcome.ControlPlaneUrls.AddRange(await controlPlane.ReadAsync());
        return welcome;
    }

    /// <summary>
    /// Runs a write a session needs but can live without: when the store or the cluster is unavailable, or the grain
    /// does not answer within <see cref="DiscoveryOptions.SessionWriteTimeout"/> (its silo froze), the session still
    /// gets what this silo knows (static stability) and the write is made again later. <c>null</c>: not made.
    /// </summary>
    private async Task<WriteResult<T>?> StoreOptionalAsync<T>(Func<Task<WriteResult<T>>> write, string proxyId, string what)
    {
        try
        {
            return await write().WaitAsync(options.SessionWriteTimeout, time);
        }
        catch (Exception e) when (Unavailability.IsUnavailable(e))
        {
            LogStoreUnavailable(e, proxyId, what);
            return null;
        }
    }

    /// <summary>Makes a session write that could not be made when the session opened, every few seconds until it is made or the session ends.</summary>
    private async Task RecordLaterAsync<T>(Func<Task<WriteResult<T>>> write, CancellationToken sessionEnded)
    {
        while (!sessionEnded.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.RetryPeriod, time, sessionEnded);
                await write().WaitAsync(options.SessionWriteTimeout, time, sessionEnded);
                return;
            }
            catch (Exception e) when (Unavailability.IsUnavailable(e))
            {
                // Still unavailable; try again.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Ends the call with INVALID_ARGUMENT naming each refused field, as the protocol promises.</summary>
    private static void Reject<T>(WriteResult<T> result)
    {
        if (result.Status != WriteStatus.Accepted)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}"))));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy {ProxyId} of {Service} connected, watching {Watches} services")]
    private partial void LogConnected(string proxyId, string service, int watches);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy {ProxyId} disconnected (goodbye: {Goodbye})")]
    private partial void LogDisconnected(string proxyId, bool goodbye);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy {ProxyId} rejected version {Version} of {Service}: {Reason}")]
    private partial void LogNacked(string proxyId, string service, long version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving proxy {ProxyId} without storing {What}: the store or cluster is unavailable")]
    private partial void LogStoreUnavailable(Exception exception, string proxyId, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the session state of proxy {ProxyId}")]
    private partial void LogEndFailed(Exception exception, string proxyId);
}
