using Grpc.Core;
using Mesh.Protos.Discovery.V1;

namespace Mesh.ProxyAgent.Tests.Infrastructure;

/// <summary>The gRPC face of <see cref="FakeControlPlane"/>.</summary>
public sealed class FakeDiscoveryService(FakeControlPlane controlPlane) : Discovery.DiscoveryBase
{
    public override Task Stream(IAsyncStreamReader<ProxyMessage> requestStream, IServerStreamWriter<ControlMessage> responseStream, ServerCallContext context) =>
        controlPlane.RunSessionAsync(requestStream, responseStream, context);
}
