using System.Net;
using System.Text.RegularExpressions;

namespace Mesh.ProxyAgent.Naming;

/// <summary>The name rules of the proxy API (mesh.discovery.v1), checked before a name is sent to a silo.</summary>
public static partial class MeshNames
{
    /// <summary>A service name: a DNS-1123 subdomain of at most 253 characters, and not an IP address.</summary>
    public static bool IsServiceName(string? name) =>
        name is { Length: > 0 and <= 253 } && ServiceNamePattern().IsMatch(name) && !IPAddress.TryParse(name, out _);

    /// <summary>A proxy id: letters, digits, '-', '_', '.', ':', starting and ending alphanumeric (at most 128).</summary>
    public static bool IsProxyId(string? id) => id is { Length: > 0 and <= 128 } && ProxyIdPattern().IsMatch(id);

    /// <summary>A label value such as a version: letters, digits, '-', '_', '.' (at most 63).</summary>
    public static bool IsLabelValue(string? value) => value is { Length: > 0 and <= 63 } && LabelValuePattern().IsMatch(value);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProxyIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValuePattern();
}
