using System.Runtime.InteropServices;

namespace Mesh.Demo.Hosting;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM: the first asks for an orderly stop (<see cref="Stopping"/>), a second one for
/// haste (<see cref="Hurry"/>: whatever is still running is killed). The process never dies on the signal itself,
/// so the launcher always gets to stop its children and delete its files.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _hurry = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _count;

    private StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Stopping => _stopping.Token;

    public CancellationToken Hurry => _hurry.Token;

    public static StopSignals Register() => new();

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
        _hurry.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _count) == 1)
        {
            _stopping.Cancel();
        }
        else
        {
            _hurry.Cancel();
        }
    }
}
