using Grpc.Core;
using Mesh.Model.Naming;
using Mesh.Model.Proxies;
using Mesh.Model.Validation;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Discovery;

/// <summary>The first message of a session: read within the hello timeout and validated before any work is done for it.</summary>
internal sealed partial class DiscoveryService
{
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
        if (hello.Watches.Count > ProxyHello.MaxWatches)
        {
            errors.Add(new FieldError("watches", $"lists {hello.Watches.Count} services; at most {ProxyHello.MaxWatches} are allowed"));
        }

        if (hello.HeldVersions.Count > ProxyHello.MaxWatches)
        {
            errors.Add(new FieldError("held_versions", $"lists {hello.HeldVersions.Count} services; at most {ProxyHello.MaxWatches} are allowed"));
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
}
