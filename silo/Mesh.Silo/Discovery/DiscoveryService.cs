using Grpc.Core;
using Mesh.Grains.Proxies;
using Mesh.Grains.Registry;
using Mesh.Model.Proxies;
using Mesh.Model.Registry;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Cluster;
using Mesh.Silo.Push;

namespace Mesh.Silo.Discovery;

/// <summary>
/// The proxy API (<c>mesh.discovery.v1.Discovery</c>): one push session per connected proxy. See
/// <c>protos/Mesh.Protos/Protos/discovery.proto</c> for the protocol.
/// </summary>
internal sealed partial class DiscoveryService(
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
}
