using Mesh.Model.Routing;
using Route = Mesh.Model.Routing.Route;

namespace Mesh.AdminUi.Editing;

/// <summary>
/// A route's request handling being edited: timeout, retries, injected faults and mirroring, each on or off. The
/// grain validates the values; the page shows its errors by field.
/// </summary>
public sealed class RouteOptionsDraft
{
    public string Timeout { get; set; } = "";

    public bool Retries { get; set; }

    public int? Attempts { get; set; } = 2;

    public string PerTryTimeout { get; set; } = "";

    public IReadOnlyCollection<string> RetryOn { get; set; } = RetryConditions.Suggested;

    public bool Delay { get; set; }

    public double? DelayPercent { get; set; } = 10;

    public string FixedDelay { get; set; } = "300ms";

    public bool Abort { get; set; }

    public double? AbortPercent { get; set; } = 5;

    public int? AbortStatus { get; set; } = 503;

    public bool Mirror { get; set; }

    public string MirrorSubset { get; set; } = "";

    public double? MirrorPercent { get; set; } = 100;

    public static RouteOptionsDraft From(Route? route)
    {
        var draft = new RouteOptionsDraft { Timeout = route?.Timeout ?? "" };
        if (route?.Retries is { } retries)
        {
            (draft.Retries, draft.Attempts, draft.PerTryTimeout, draft.RetryOn) = (true, retries.Attempts, retries.PerTryTimeout ?? "", retries.RetryOn ?? []);
        }

        if (route?.Fault?.Delay is { } delay)
        {
            (draft.Delay, draft.DelayPercent, draft.FixedDelay) = (true, delay.Percent, delay.FixedDelay ?? "");
        }

        if (route?.Fault?.Abort is { } abort)
        {
            (draft.Abort, draft.AbortPercent, draft.AbortStatus) = (true, abort.Percent, abort.HttpStatus);
        }

        if (route?.Mirror is { } mirror)
        {
            (draft.Mirror, draft.MirrorSubset, draft.MirrorPercent) = (true, mirror.Subset ?? "", mirror.Percent);
        }

        return draft;
    }

    /// <summary><paramref name="route"/> with its handling replaced by what is edited; its match and destinations stay.</summary>
    public Route ApplyTo(Route route) => route with
    {
        Timeout = Blank(Timeout),
        Retries = Retries ? new RouteRetries { Attempts = Attempts, PerTryTimeout = Blank(PerTryTimeout), RetryOn = RetryOn.ToList() } : null,
        Fault = Delay || Abort
            ? new RouteFault
            {
                Delay = Delay ? new FaultDelay { Percent = DelayPercent, FixedDelay = Blank(FixedDelay) } : null,
                Abort = Abort ? new FaultAbort { Percent = AbortPercent, HttpStatus = AbortStatus } : null,
            }
            : null,
        Mirror = Mirror ? new RouteMirror { Subset = Blank(MirrorSubset), Percent = MirrorPercent } : null,
    };

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
