namespace Mesh.ProxyAgent.Hosting;

/// <summary>
/// Runs socket continuations inline on the epoll thread instead of queueing each one to the thread pool: on a sidecar's
/// one or two cores the hand-off (a queue, a wake-up, a context switch per read and write) costs more than the work.
/// </summary>
/// <remarks>
/// The hazard: a continuation that blocks stalls every socket served by that epoll thread. Nothing on the agent's
/// request path blocks (config lookups read a snapshot, waits are awaited, logging is queued); keep it that way. An
/// operator can turn it off with <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c>.
/// </remarks>
internal static class SocketScheduling
{
    /// <summary>The runtime reads this variable once, when the first socket is used.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Whether inline completions are on: the default, unless the environment says otherwise.</summary>
    public static bool Inline { get; private set; }

    /// <summary>Call before anything opens a socket (first in <c>Program</c>).</summary>
    public static void PreferInlineCompletions()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is not { Length: > 0 })
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        Inline = Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";
    }
}
