using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Push;

namespace Mesh.Silo.Tests.Push;

/// <summary>What a session's writer puts on the stream.</summary>
internal static class SessionWrites
{
    /// <summary>Closes <paramref name="session"/> and runs its writer over what is queued: the messages it would write, in order.</summary>
    public static async Task<IReadOnlyList<ControlMessage>> DrainAsync(SiloProxySession session)
    {
        var written = new List<ControlMessage>();
        session.Close();
        try
        {
            await session.RunWriterAsync(
                message =>
                {
                    written.Add(message);
                    return Task.CompletedTask;
                },
                _ => { },
                CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the closed session's writer did not finish writing its queue within 10 s");
        }

        return written;
    }

    /// <summary>The configs <paramref name="session"/> would push, in order (see <see cref="DrainAsync"/>).</summary>
    public static async Task<IReadOnlyList<ServiceConfig>> ConfigsAsync(SiloProxySession session) =>
        [.. (await DrainAsync(session)).Where(m => m.KindCase == ControlMessage.KindOneofCase.Config).Select(m => m.Config)];
}
