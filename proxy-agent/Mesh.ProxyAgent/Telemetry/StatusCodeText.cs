using System.Globalization;

namespace Mesh.ProxyAgent.Telemetry;

/// <summary>Status codes as label values, without allocating a string per request.</summary>
internal static class StatusCodeText
{
    private const int First = 100;
    private static readonly string[] Cached = Enumerable.Range(First, 500).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();

    public static string Of(int statusCode) =>
        statusCode is >= First and < First + 500 ? Cached[statusCode - First] : statusCode.ToString(CultureInfo.InvariantCulture);
}
