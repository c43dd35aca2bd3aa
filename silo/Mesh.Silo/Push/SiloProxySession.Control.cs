using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Push;

/// <summary>Control messages (silo list, move), queued apart from the configs and written before them, and the silo ending the session.</summary>
internal sealed partial class SiloProxySession
{
    private readonly Queue<ControlMessage> _control = new();
    private readonly CancellationTokenSource _evicted = new();
    private int _moving;

    /// <summary>Set once the session was told to move to another silo.</summary>
    public bool Moving => Volatile.Read(ref _moving) != 0;

    /// <summary>Cancelled when the silo ends the session itself (a proxy that did not move when told).</summary>
    public CancellationToken Evicted => _evicted.Token;

    /// <summary>Queues a control message (not a config) ahead of the pending pushes.</summary>
    public void Send(ControlMessage message)
    {
        lock (_gate)
        {
            _control.Enqueue(message);
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Queues <paramref name="move"/> unless the session was told to move already; true when queued.</summary>
    public bool TryMove(Move move)
    {
        if (Closed || Interlocked.Exchange(ref _moving, 1) != 0)
        {
            return false;
        }

        Send(new ControlMessage { Move = move });
        return true;
    }

    /// <summary>Ends the session from the silo's side.</summary>
    public void Evict()
    {
        try
        {
            _evicted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile.
        }
    }

    private List<ControlMessage> TakeControl()
    {
        lock (_gate)
        {
            var batch = _control.ToList();
            _control.Clear();
            return batch;
        }
    }
}
