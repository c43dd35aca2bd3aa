using Mesh.Model.Registry;

namespace Mesh.AdminUi.Editing;

/// <summary>
/// A service policy being edited: each section on or off, with its fields. Subsets are kept as loaded. Values are
/// not checked here: the grain validates and the page shows its errors by field.
/// </summary>
public sealed class PolicyDraft
{
    private IReadOnlyList<SubsetDefinition> _subsets = [];

    public string Algorithm { get; set; } = LoadBalancerAlgorithms.Default;

    public string HashHeader { get; set; } = "";

    public string HashCookie { get; set; } = "";

    public bool CircuitBreaker { get; set; }

    public int? MaxConcurrentRequests { get; set; } = 100;

    public int? MaxPendingRequests { get; set; } = 50;

    public bool OutlierDetection { get; set; }

    public int? Consecutive5xx { get; set; } = OutlierDetectionPolicy.DefaultConsecutive5xx;

    public string Interval { get; set; } = OutlierDetectionPolicy.DefaultInterval;

    public string BaseEjectionTime { get; set; } = OutlierDetectionPolicy.DefaultBaseEjectionTime;

    public int? MaxEjectionPercent { get; set; } = OutlierDetectionPolicy.DefaultMaxEjectionPercent;

    public bool HealthCheck { get; set; }

    public string HealthPath { get; set; } = "/healthz";

    public string HealthInterval { get; set; } = HealthCheckPolicy.DefaultInterval;

    public int? UnhealthyThreshold { get; set; } = HealthCheckPolicy.DefaultUnhealthyThreshold;

    public int? HealthyThreshold { get; set; } = HealthCheckPolicy.DefaultHealthyThreshold;

    public bool RateLimit { get; set; }

    public int? RequestsPerSecond { get; set; } = 100;

    public int? Burst { get; set; } = 20;

    public string Scope { get; set; } = RateLimitPolicy.InstanceScope;

    public static PolicyDraft From(ServiceSettings p)
    {
        var draft = new PolicyDraft { _subsets = p.Subsets };
        if (p.LoadBalancer is { } lb)
        {
            (draft.Algorithm, draft.HashHeader, draft.HashCookie) = (lb.Algorithm ?? LoadBalancerAlgorithms.Default, lb.HashOn?.Header ?? "", lb.HashOn?.Cookie ?? "");
        }

        if (p.CircuitBreaker is { } cb)
        {
            (draft.CircuitBreaker, draft.MaxConcurrentRequests, draft.MaxPendingRequests) = (true, cb.MaxConcurrentRequests, cb.MaxPendingRequests);
        }

        if (p.OutlierDetection is { } od)
        {
            draft.OutlierDetection = true;
            (draft.Consecutive5xx, draft.Interval, draft.BaseEjectionTime, draft.MaxEjectionPercent) =
                (od.Consecutive5xx, od.Interval ?? "", od.BaseEjectionTime ?? "", od.MaxEjectionPercent);
        }

        if (p.HealthCheck is { } hc)
        {
            draft.HealthCheck = true;
            (draft.HealthPath, draft.HealthInterval, draft.UnhealthyThreshold, draft.HealthyThreshold) =
                (hc.Path ?? "", hc.Interval ?? "", hc.UnhealthyThreshold, hc.HealthyThreshold);
        }

        if (p.RateLimit is { } rl)
        {
            (draft.RateLimit, draft.RequestsPerSecond, draft.Burst, draft.Scope) = (true, rl.RequestsPerSecond, rl.Burst, rl.Scope ?? RateLimitPolicy.InstanceScope);
        }

        return draft;
    }

    public ServiceSettings ToSettings() => new()
    {
        Subsets = _subsets,
        LoadBalancer = Algorithm == LoadBalancerAlgorithms.Default ? null : new LoadBalancerPolicy
        {
            Algorithm = Algorithm,
            HashOn = Algorithm != LoadBalancerAlgorithms.ConsistentHash ? null : new HashOn { Header = Blank(HashHeader), Cookie = Blank(HashCookie) },
        },
        CircuitBreaker = CircuitBreaker ? new CircuitBreakerPolicy { MaxConcurrentRequests = MaxConcurrentRequests, MaxPendingRequests = MaxPendingRequests } : null,
        OutlierDetection = OutlierDetection
            ? new OutlierDetectionPolicy { Consecutive5xx = Consecutive5xx, Interval = Blank(Interval), BaseEjectionTime = Blank(BaseEjectionTime), MaxEjectionPercent = MaxEjectionPercent }
            : null,
        HealthCheck = HealthCheck
            ? new HealthCheckPolicy { Path = Blank(HealthPath), Interval = Blank(HealthInterval), UnhealthyThreshold = UnhealthyThreshold, HealthyThreshold = HealthyThreshold }
            : null,
        RateLimit = RateLimit ? new RateLimitPolicy { RequestsPerSecond = RequestsPerSecond, Burst = Burst, Scope = Scope } : null,
    };

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
