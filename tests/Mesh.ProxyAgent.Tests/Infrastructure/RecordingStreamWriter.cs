using Grpc.Core;
using Mesh.Protos.Discovery.V1;

namespace Mesh.ProxyAgent.Tests.Infrastructure;

/// <summary>A request stream that records what is written to it, and whether it was completed.</summary>
public sealed class RecordingStreamWriter : IClientStreamWriter<ProxyMessage>
{
    private readonly List<ProxyMessage> _written = [];
    private readonly Lock _gate = new();

    public WriteOptions? WriteOptions { get; set; }

    public bool Completed { get; private set; }

    public IReadOnlyList<ProxyMessage> Written
    {
        get
        {
            lock (_gate)
            {
                return _written.ToArray();
            }
        }
    }

    public Task WriteAsync(ProxyMessage message)
    {
        lock (_gate)
        {
            _written.Add(message);
        }

        return Task.CompletedTask;
    }

    public Task CompleteAsync()
    {
        Completed = true;
        return Task.CompletedTask;
    }
}
