namespace Mesh.Demo.Backend.Chaos;

/// <summary>The chaos settings in force, swapped whole so that a request reads one consistent snapshot.</summary>
public sealed class ChaosState(ChaosSettings initial)
{
    private ChaosSettings _current = initial;

    public ChaosSettings Current => Volatile.Read(ref _current);

    public void Set(ChaosSettings settings) => Volatile.Write(ref _current, settings);
}
