using Mesh.Model;
using Mesh.Protos.Discovery.V1;

namespace Mesh.Silo.Translation;

/// <summary>
/// Translates a validated route's name and optional parts (match, timeout, retries, fault, mirror) into the proxy
/// API's form: durations in milliseconds, <c>pathPrefix</c> as a path prefix match.
/// </summary>
internal static class RouteOptionsCompiler
{
    public static Protos.Discovery.V1.Route Compile(Model.Routing.Route route)
    {
        var compiled = new Protos.Discovery.V1.Route { Name = route.Name ?? "", TimeoutMs = Durations.ToMilliseconds(route.Timeout) };
        if (route.Match is { } match)
        {
            compiled.Match = Compile(match);
        }

        if (route.Retries is { } retries)
        {
            compiled.Retries = new RetryPolicy { Attempts = retries.Attempts ?? 0, PerTryTimeoutMs = Durations.ToMilliseconds(retries.PerTryTimeout) };
            compiled.Retries.RetryOn.AddRange(retries.RetryOn ?? []);
        }

        if (route.Fault is { } fault)
        {
            compiled.Fault = new FaultInjection
            {
                DelayPercent = fault.Delay?.Percent ?? 0,
                DelayMs = Durations.ToMilliseconds(fault.Delay?.FixedDelay),
                AbortPercent = fault.Abort?.Percent ?? 0,
                AbortStatus = fault.Abort?.HttpStatus ?? 0,
            };
        }

        if (route.Mirror is { } mirror)
        {
            compiled.Mirror = new Protos.Discovery.V1.Mirror { Subset = mirror.Subset ?? "", Percent = mirror.Percent ?? 100 };
        }

        return compiled;
    }

    private static Protos.Discovery.V1.RouteMatch Compile(Model.Routing.RouteMatch match)
    {
        var compiled = new Protos.Discovery.V1.RouteMatch();
        Copy(match.Headers, compiled.Headers);
        Copy(match.Query, compiled.Query);
        Copy(match.Cookies, compiled.Cookies);
        if (match.Path is { } path)
        {
            compiled.Path = Compile(path);
        }
        else if (match.PathPrefix is { } prefix)
        {
            compiled.Path = new Protos.Discovery.V1.StringMatch { Prefix = prefix };
        }

        compiled.Methods.AddRange(match.Methods ?? []);
        return compiled;
    }

    private static void Copy(IReadOnlyDictionary<string, Model.Routing.StringMatch>? from, Google.Protobuf.Collections.MapField<string, Protos.Discovery.V1.StringMatch> to)
    {
        foreach (var (name, match) in from ?? new Dictionary<string, Model.Routing.StringMatch>())
        {
            to[name] = Compile(match);
        }
    }

    private static Protos.Discovery.V1.StringMatch Compile(Model.Routing.StringMatch match) => match switch
    {
        { Exact: { } exact } => new() { Exact = exact },
        { Prefix: { } prefix } => new() { Prefix = prefix },
        { Regex: { } regex } => new() { Regex = regex },
        _ => new() { Present = match.Present ?? true },
    };
}
