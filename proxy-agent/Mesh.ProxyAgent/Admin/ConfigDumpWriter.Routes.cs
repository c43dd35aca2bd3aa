using System.Text.Json;
using Mesh.ProxyAgent.Matching;
using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Admin;

/// <summary>The routes of <c>/config_dump</c>.</summary>
internal static partial class ConfigDumpWriter
{
    private static void WriteRoute(Utf8JsonWriter json, RouteSnapshot route)
    {
        json.WriteStartObject();
        json.WriteString("name", route.Name);
        if (route.Match is { } match)
        {
            WriteMatch(json, match);
        }

        json.WriteStartArray("destinations");
        foreach (var destination in route.Destinations)
        {
            json.WriteStartObject();
            json.WriteString("subset", destination.Subset.Name);
            json.WriteNumber("weight", destination.Weight);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (route.Timeout is { } timeout)
        {
            json.WriteString("timeout", DurationText.Format(timeout));
        }

        if (route.Retries is { } retries)
        {
            json.WriteStartObject("retries");
            json.WriteNumber("attempts", retries.Policy.Attempts);
            if (retries.PerTryTimeout is { } perTry)
            {
                json.WriteString("perTryTimeout", DurationText.Format(perTry));
            }

            json.WriteStartArray("retryOn");
            foreach (var condition in retries.RetryOn)
            {
                json.WriteStringValue(condition);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        // A fault that never happens (0%) is left out.
        if (route.Fault is { } fault)
        {
            json.WriteStartObject("fault");
            if (fault.DelayPercent > 0)
            {
                json.WriteStartObject("delay");
                json.WriteNumber("percent", fault.DelayPercent);
                json.WriteString("fixedDelay", DurationText.Format(fault.FixedDelay));
                json.WriteEndObject();
            }

            if (fault.AbortPercent > 0)
            {
                json.WriteStartObject("abort");
                json.WriteNumber("percent", fault.AbortPercent);
                json.WriteNumber("httpStatus", fault.AbortStatus);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        if (route.Mirror is { } mirror)
        {
            json.WriteStartObject("mirror");
            json.WriteString("subset", mirror.Subset.Name);
            json.WriteNumber("percent", mirror.Percent);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The route's match as pushed; conditions not given are left out.</summary>
    private static void WriteMatch(Utf8JsonWriter json, RequestMatchSpec match)
    {
        json.WriteStartObject("match");
        WriteStringMatches(json, "headers", match.Headers);
        if (match.Path is { } path)
        {
            json.WritePropertyName("path");
            WriteStringMatch(json, path);
        }

        WriteStringMatches(json, "query", match.Query);
        WriteStringMatches(json, "cookies", match.Cookies);
        if (match.Methods is { } methods)
        {
            json.WriteStartArray("methods");
            foreach (var method in methods)
            {
                json.WriteStringValue(method);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteStringMatches(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, StringMatchSpec>? matches)
    {
        if (matches is null)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, match) in matches)
        {
            json.WritePropertyName(key);
            WriteStringMatch(json, match);
        }

        json.WriteEndObject();
    }

    /// <summary>Exactly one member, the match's kind.</summary>
    private static void WriteStringMatch(Utf8JsonWriter json, StringMatchSpec match)
    {
        json.WriteStartObject();
        WriteIfSet(json, "exact", match.Exact);
        WriteIfSet(json, "prefix", match.Prefix);
        WriteIfSet(json, "regex", match.Regex);
        if (match.Present is { } present)
        {
            json.WriteBoolean("present", present);
        }

        json.WriteEndObject();
    }
}
