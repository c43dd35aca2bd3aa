using System.Text;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>Response headers the proxy adds for operators and tests.</summary>
internal static class MeshHeaders
{
    /// <summary>Why the proxy itself answered with an error (no config, no healthy endpoint, upstream failure).</summary>
    public const string Reason = "x-mesh-reason";

    /// <summary>The destination subset an outbound request was routed to.</summary>
    public const string Subset = "x-mesh-subset";

    /// <summary>
    /// On a response the proxy shaped by fault injection: <see cref="FaultAbort"/> when it answered without calling the
    /// upstream, <see cref="FaultDelay"/> when it held the request back before forwarding it.
    /// </summary>
    public const string Fault = "x-mesh-fault";

    public const string FaultAbort = "abort";

    public const string FaultDelay = "delay";

    /// <summary>On a mirrored copy of a request ("true"), so the mirror's app and proxies can tell it from real traffic.</summary>
    public const string Mirror = "x-mesh-mirror";

    /// <summary>A header-safe rendering of a reason: printable ASCII on one line.</summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' ? c : ' ');
        }

        return builder.ToString();
    }
}
