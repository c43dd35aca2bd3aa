using Grpc.Core;
using Mesh.Grains.Proxies;
using Mesh.Grains.Registry;
using Mesh.Model.Proxies;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Push;

namespace Mesh.Silo.Discovery;

/// <summary>What a session does with each message the proxy sends after hello.</summary>
internal sealed partial class DiscoveryService
{
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
}
