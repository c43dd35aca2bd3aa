using Mesh.Demo.Postgres;

namespace Mesh.Testing;

/// <summary>Loopback ports nobody listens on right now (see <see cref="LoopbackPort"/>).</summary>
public static class FreePort
{
    public static int Next() => LoopbackPort.Next();
}
