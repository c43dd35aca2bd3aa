using Mesh.Protos.Discovery.V1;
using ProtoFault = Mesh.Protos.Discovery.V1.FaultInjection;
using Mesh.ProxyAgent.Routing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Routing;

/// <summary>What the compiler refuses, and the texts that name each problem (sent in the Nack).</summary>
public sealed partial class AgentConfigCompilerTests
{
    private static IReadOnlyList<string> Errors(ServiceConfig config) => AgentConfigCompiler.Compile(config, DefaultGuard).Errors;

    private static ServiceConfig Valid() => Service("svc-b", 1, Split("default", ("v1", 90), ("v2", 10)))
        .WithSubsets("v1", "v2")
        .WithEndpoint("b-1", "http://127.0.0.1:9001", "v1");

    [Fact]
    public void Compile_NinetyTenSplitWithEndpoints_HasNoErrors() => Assert.Empty(Errors(Valid()));

    [Fact]
    public void Compile_NoRoutesNoEndpoints_HasNoErrors() => Assert.Empty(Errors(Service("svc-b", 1)));

    [Fact]
    public void Compile_WeightsNotSummingTo100_NamesTheRoute() =>
        Assert.Equal(["route 'default' weights sum to 95, not 100"], Errors(Service("svc-b", 1, Split("default", ("v1", 90), ("v2", 5))).WithSubsets("v1", "v2")));

    [Fact]
    public void Compile_WeightAbove100_NamesRouteAndDestination() =>
        Assert.Equal(
            ["route 'default' destination 'v2' has weight 101; weights are integers from 0 to 100"],
            Errors(Service("svc-b", 1, Split("default", ("v1", 0), ("v2", 101))).WithSubsets("v1", "v2")));

    [Fact]
    public void Compile_NegativeWeight_NamesRouteAndDestination() =>
        Assert.Equal(
            ["route 'default' destination 'v1' has weight -10; weights are integers from 0 to 100"],
            Errors(Service("svc-b", 1, Split("default", ("v1", -10), ("v2", 100))).WithSubsets("v1", "v2")));

    [Fact]
    public void Compile_RouteWithoutDestinations_NamesTheRoute() =>
        Assert.Equal(["route 'empty' has no destinations"], Errors(Service("svc-b", 1, Split("empty")).WithSubsets("v1")));

    [Fact]
    public void Compile_RouteNamingAMissingSubset_NamesRouteAndSubset() =>
        Assert.Equal(
            ["route 'canary' names subset 'v3', which is not in subsets"],
            Errors(Service("svc-b", 1, Split("canary", ("v1", 50), ("v3", 50))).WithSubsets("v1", "v2")));

    [Fact]
    public void Compile_SubsetDefinedTwice_NamesTheSubset() =>
        Assert.Equal(["subset 'v1' is defined more than once"], Errors(Service("svc-b", 1).WithSubsets("v1", "v1")));

    [Theory]
    [InlineData("127.0.0.1:9001")]
    [InlineData("ftp://127.0.0.1:9001")]
    [InlineData("/relative")]
    [InlineData("http://127.0.0.1:9001/?q=1")]
    [InlineData("")]
    public void Compile_EndpointAddressNotAnHttpUrl_NamesTheEndpoint(string address) =>
        Assert.Equal(
            [$"endpoint 'b-2' address '{address}' is not an absolute http/https URL"],
            Errors(Valid().WithEndpoint("b-2", address, "v2")));

    [Theory]
    [InlineData("http://127.0.0.1:15001", "outbound")]
    [InlineData("http://localhost:15001", "outbound")]
    [InlineData("http://[::1]:15001", "outbound")]
    [InlineData("https://127.0.0.1:15000", "admin")]
    public void Compile_EndpointAtOwnOutboundOrAdminListener_IsRejectedAsARoutingLoop(string address, string listener) =>
        Assert.Equal(
            [$"endpoint 'b-9' address {address} is this proxy's own {listener} listener (routing loop)"],
            Errors(Valid().WithEndpoint("b-9", address, "v2")));

    [Fact]
    public void Compile_LoopExample_HasTheDocumentedText() =>
        Assert.Equal(
            "endpoint 'b-9' address http://127.0.0.1:15001 is this proxy's own outbound listener (routing loop)",
            Assert.Single(Errors(Valid().WithEndpoint("b-9", "http://127.0.0.1:15001"))));

    [Fact]
    public void Compile_EndpointAtOwnInboundListener_IsAccepted() =>
        Assert.Empty(Errors(Valid().WithEndpoint("a-1", "http://127.0.0.1:15006", "v2")));

    [Fact]
    public void Compile_SeveralProblems_ReportsEachOnce()
    {
        var config = Service("svc-b", 1, Split("a", ("v1", 50)), Split("b", ("v9", 100)))
            .WithSubsets("v1")
            .WithEndpoint("b-1", "nope");

        Assert.Equal(
            [
                "route 'a' weights sum to 50, not 100",
                "route 'b' names subset 'v9', which is not in subsets",
                "endpoint 'b-1' address 'nope' is not an absolute http/https URL",
            ],
            Errors(config));
    }

    [Fact]
    public void Compile_NoServiceName_SaysSo() => Assert.Equal(["the config names no service"], Errors(Service("", 1)));

    [Fact]
    public void Compile_EveryRouteOption_IsAccepted()
    {
        var config = Valid();
        config.Routes[0].Match = new RouteMatch { Methods = { "GET" } };
        config.Routes[0].TimeoutMs = 2000;
        config.Routes[0].Retries = new RetryPolicy { Attempts = 2, PerTryTimeoutMs = 500, RetryOn = { "connect-failure", "reset", "5xx", "gateway-error", "retriable-4xx" } };
        config.Routes[0].Mirror = new Mirror { Subset = "v2", Percent = 100 };

        Assert.Empty(Errors(config));
    }

    [Fact]
    public void Compile_RetriesOutOfRangeOrOnAnUnknownCondition_NameRouteAndField()
    {
        var config = Valid();
        config.Routes[0].Retries = new RetryPolicy { Attempts = -1, PerTryTimeoutMs = -2, RetryOn = { "5xx", "teapot" } };

        Assert.Equal(
            [
                "route 'default' retries attempts is -1; it must be 0 or more",
                "route 'default' retries per_try_timeout_ms is -2; it must be 0 (none) or more",
                "route 'default' retries on 'teapot', which is not one of connect-failure, reset, 5xx, gateway-error, retriable-4xx",
            ],
            Errors(config));
    }

    [Fact]
    public void Compile_MirrorToAMissingSubsetOrPercentOutOfRange_NamesTheRoute()
    {
        var config = Valid();
        config.Routes[0].Mirror = new Mirror { Subset = "v9", Percent = 150 };

        Assert.Equal(
            ["route 'default' mirrors to subset 'v9', which is not in subsets", "route 'default' mirror percent is 150; it must be from 0 to 100"],
            Errors(config));
    }

    [Fact]
    public void Compile_TimeoutAndFault_AreAccepted()
    {
        var config = Valid();
        config.Routes[0].TimeoutMs = 2000;
        config.Routes[0].Fault = new ProtoFault { DelayPercent = 10, DelayMs = 300, AbortPercent = 5, AbortStatus = 503 };

        Assert.Empty(Errors(config));
    }

    [Fact]
    public void Compile_FaultAndTimeoutOutOfRange_NameRouteAndField()
    {
        var config = Valid();
        config.Routes[0].TimeoutMs = -1;
        config.Routes[0].Fault = new ProtoFault { DelayPercent = 101, DelayMs = -5, AbortPercent = 50, AbortStatus = 99 };

        Assert.Equal(
            [
                "route 'default' timeout_ms is -1; it must be 0 (none) or more",
                "route 'default' fault delay_percent is 101; it must be from 0 to 100",
                "route 'default' fault delay_ms is -5; it must be 0 or more",
                "route 'default' fault abort_status is 99; it must be from 200 to 599",
            ],
            Errors(config));
    }

    [Fact]
    public void Compile_MatchRules_AreAccepted()
    {
        var config = Valid();
        config.Routes[0].Match = new RouteMatch { Methods = { "GET" }, Headers = { ["x-user-group"] = new StringMatch { Exact = "beta" } } };

        Assert.Empty(Errors(config));
    }

    [Fact]
    public void Compile_BacktrackingRegex_NamesTheRouteAndTheCondition()
    {
        var config = Valid();
        config.Routes[0].Match = new RouteMatch { Headers = { ["x-user"] = new StringMatch { Regex = @"(a)\1" } } };

        var error = Assert.Single(Errors(config));

        Assert.StartsWith("route 'default' match headers.x-user regex is not a valid linear-time regular expression: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_StringMatchOfNoKind_NamesTheRouteAndTheCondition()
    {
        var config = Valid();
        config.Routes[0].Match = new RouteMatch { Path = new StringMatch() };

        Assert.Equal(["route 'default' match path must have exactly one of exact, prefix, regex or present"], Errors(config));
    }

    [Fact]
    public void Compile_HealthCheckAndRateLimit_HaveNoErrors()
    {
        var config = Valid();
        config.Policy = new ServicePolicy
        {
            HealthCheck = new HealthCheck { Path = "/healthz", IntervalMs = 5000, UnhealthyThreshold = 3, HealthyThreshold = 2 },
            RateLimit = new RateLimit { RequestsPerSecond = 100, Burst = 20, Scope = "service" },
        };

        Assert.Empty(Errors(config));
    }

    [Fact]
    public void Compile_RateLimitOutOfRangeOrUnknownScope_IsRefusedWithItsSettings()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { RateLimit = new RateLimit { RequestsPerSecond = 10, Burst = 0, Scope = "cluster" } };

        Assert.Equal(
            [
                "the service policy's rate limit (requests_per_second 10, burst 0, scope 'cluster') needs requests_per_second and burst of 1 or more "
                + "and a scope of instance or service",
            ],
            Errors(config));
    }

    [Theory]
    [InlineData("random", "", "")]
    [InlineData("least-request", "", "")]
    [InlineData("consistent-hash", "x-user", "")]
    [InlineData("consistent-hash", "", "session")]
    public void Compile_EnforcedLoadBalancers_AreAccepted(string algorithm, string header, string cookie)
    {
        var config = Valid();
        config.Policy = new ServicePolicy { LoadBalancer = new LoadBalancer { Algorithm = algorithm, HashHeader = header, HashCookie = cookie } };

        Assert.Empty(Errors(config));
    }

    [Theory]
    [InlineData("weighted", "", "", "the service policy's load balancer 'weighted' is not one of round-robin, random, least-request, consistent-hash")]
    [InlineData("consistent-hash", "", "", "the service policy's consistent-hash load balancer must hash on exactly one of a header or a cookie")]
    [InlineData("consistent-hash", "x-user", "session", "the service policy's consistent-hash load balancer must hash on exactly one of a header or a cookie")]
    public void Compile_LoadBalancerItCannotBuild_SaysWhy(string algorithm, string header, string cookie, string error)
    {
        var config = Valid();
        config.Policy = new ServicePolicy { LoadBalancer = new LoadBalancer { Algorithm = algorithm, HashHeader = header, HashCookie = cookie } };

        Assert.Equal([error], Errors(config));
    }

    [Fact]
    public void Compile_RoundRobinPolicy_IsAccepted()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { LoadBalancer = new LoadBalancer { Algorithm = "round-robin" } };

        Assert.Empty(Errors(config));
    }

    [Fact]
    public void Compile_CircuitBreaker_IsAccepted()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { CircuitBreaker = new CircuitBreaker { MaxConcurrentRequests = 100, MaxPendingRequests = 0 } };

        Assert.Empty(Errors(config));
    }

    [Fact]
    public void Compile_CircuitBreakerAllowingNothing_SaysWhy()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { CircuitBreaker = new CircuitBreaker { MaxConcurrentRequests = 0, MaxPendingRequests = 5 } };

        Assert.Equal(
            ["the service policy's circuit breaker allows 0 requests in flight and 5 waiting; it must allow 1 or more in flight and 0 or more waiting"],
            Errors(config));
    }

    [Fact]
    public void Compile_OutlierDetection_IsAccepted()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { OutlierDetection = new OutlierDetection { Consecutive5Xx = 5, IntervalMs = 10_000, BaseEjectionMs = 30_000, MaxEjectionPercent = 50 } };

        Assert.Empty(Errors(config));
    }

    [Fact]
    public void Compile_OutlierDetectionOutOfRange_SaysWhatItNeeds()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { OutlierDetection = new OutlierDetection { Consecutive5Xx = 0, BaseEjectionMs = 30_000, MaxEjectionPercent = 50 } };

        Assert.Equal(
            [
                "the service policy's outlier detection (consecutive_5xx 0, base_ejection_ms 30000, interval_ms 0, max_ejection_percent 50) needs "
                + "consecutive_5xx of 1 or more, base_ejection_ms above 0, interval_ms of 0 or more and max_ejection_percent from 0 to 100",
            ],
            Errors(config));
    }

    [Fact]
    public void Compile_HealthCheckWithoutIntervalOrSlash_IsRefusedWithItsSettings()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { HealthCheck = new HealthCheck { Path = "healthz", UnhealthyThreshold = 3, HealthyThreshold = 2 } };

        Assert.Equal(
            [
                "the service policy's health check (path 'healthz', interval_ms 0, unhealthy_threshold 3, healthy_threshold 2) needs a path "
                + "starting with '/', interval_ms of 1 or more and thresholds of 1 or more",
            ],
            Errors(config));
    }
}
