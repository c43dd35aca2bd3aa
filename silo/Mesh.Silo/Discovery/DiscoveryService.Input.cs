using Google.Protobuf;
using Grpc.Core;
using Mesh.Model.Validation;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Discovery;

/// <summary>What the proxy API does with input it cannot read or refuses.</summary>
internal sealed partial class DiscoveryService
{
    /// <summary>
    /// The session's messages, with a frame that does not decode as a <see cref="ProxyMessage"/> turned into
    /// INVALID_ARGUMENT naming the problem. Without it the decoding error escapes the handler and the proxy learns
    /// only UNKNOWN "Exception was thrown by handler".
    /// </summary>
    private sealed class DecodedMessages(IAsyncStreamReader<ProxyMessage> inner) : IAsyncStreamReader<ProxyMessage>
    {
        public ProxyMessage Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"a message is not a valid mesh.discovery.v1.ProxyMessage: {e.Message}"));
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
}
