using System.Text;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>Response headers the proxy adds for operators and tests.</summary>
public static class MeshHeaders
{
    /// <summary>Why the proxy itself answered with an error (no config, no healthy endpoint, upstream failure).</summary>
    public const string Reason = "x-mesh-reason";

    /// <summary>The destination subset an outbound request was routed to.</summary>
    public const string Subset = "x-mesh-subset";

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
