using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Routing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Routing;

public sealed class ServiceConfigValidatorTests
{
    private static IReadOnlyList<string> Validate(ServiceConfig config) => ServiceConfigValidator.Validate(config, DefaultGuard);

    private static ServiceConfig Valid() => Service("svc-b", 1, Split("default", ("v1", 90), ("v2", 10)))
        .WithSubsets("v1", "v2")
        .WithEndpoint("b-1", "http://127.0.0.1:9001", "v1");

    [Fact]
    public void Validate_NinetyTenSplitWithEndpoints_HasNoErrors() => Assert.Empty(Validate(Valid()));

    [Fact]
    public void Validate_NoRoutesNoEndpoints_HasNoErrors() => Assert.Empty(Validate(Service("svc-b", 1)));

    [Fact]
    public void Validate_WeightsNotSummingTo100_NamesTheRoute() =>
        Assert.Equal(["route 'default' weights sum to 95, not 100"], Validate(Service("svc-b", 1, Split("default", ("v1", 90), ("v2", 5))).WithSubsets("v1", "v2")));

    [Fact]
    public void Validate_WeightAbove100_NamesRouteAndDestination() =>
        Assert.Equal(
            ["route 'default' destination 'v2' has weight 101; weights are integers from 0 to 100"],
            Validate(Service("svc-b", 1, Split("default", ("v1", 0), ("v2", 101))).WithSubsets("v1", "v2")));

    [Fact]
    public void Validate_NegativeWeight_NamesRouteAndDestination() =>
        Assert.Equal(
            ["route 'default' destination 'v1' has weight -10; weights are integers from 0 to 100"],
            Validate(Service("svc-b", 1, Split("default", ("v1", -10), ("v2", 100))).WithSubsets("v1", "v2")));

    [Fact]
    public void Validate_RouteWithoutDestinations_NamesTheRoute() =>
        Assert.Equal(["route 'empty' has no destinations"], Validate(Service("svc-b", 1, Split("empty")).WithSubsets("v1")));

    [Fact]
    public void Validate_RouteNamingAMissingSubset_NamesRouteAndSubset() =>
        Assert.Equal(
            ["route 'canary' names subset 'v3', which is not in subsets"],
            Validate(Service("svc-b", 1, Split("canary", ("v1", 50), ("v3", 50))).WithSubsets("v1", "v2")));

    [Fact]
    public void Validate_SubsetDefinedTwice_NamesTheSubset() =>
        Assert.Equal(["subset 'v1' is defined more than once"], Validate(Service("svc-b", 1).WithSubsets("v1", "v1")));

    [Theory]
    [InlineData("127.0.0.1:9001")]
    [InlineData("ftp://127.0.0.1:9001")]
    [InlineData("/relative")]
    [InlineData("http://127.0.0.1:9001/?q=1")]
    [InlineData("")]
    public void Validate_EndpointAddressNotAnHttpUrl_NamesTheEndpoint(string address) =>
        Assert.Equal(
            [$"endpoint 'b-2' address '{address}' is not an absolute http/https URL"],
            Validate(Valid().WithEndpoint("b-2", address, "v2")));

    [Theory]
    [InlineData("http://127.0.0.1:15001", "outbound")]
    [InlineData("http://localhost:15001", "outbound")]
    [InlineData("http://[::1]:15001", "outbound")]
    [InlineData("https://127.0.0.1:15000", "admin")]
    public void Validate_EndpointAtOwnOutboundOrAdminListener_IsRejectedAsARoutingLoop(string address, string listener) =>
        Assert.Equal(
            [$"endpoint 'b-9' address {address} is this proxy's own {listener} listener (routing loop)"],
            Validate(Valid().WithEndpoint("b-9", address, "v2")));

    [Fact]
    public void Validate_LoopExample_HasTheDocumentedText() =>
        Assert.Equal(
            "endpoint 'b-9' address http://127.0.0.1:15001 is this proxy's own outbound listener (routing loop)",
            Assert.Single(Validate(Valid().WithEndpoint("b-9", "http://127.0.0.1:15001"))));

    [Fact]
    public void Validate_EndpointAtOwnInboundListener_IsAccepted() =>
        Assert.Empty(Validate(Valid().WithEndpoint("a-1", "http://127.0.0.1:15006", "v2")));

    [Fact]
    public void Validate_SeveralProblems_ReportsEachOnce()
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
            Validate(config));
    }

    [Fact]
    public void Validate_NoServiceName_SaysSo() => Assert.Equal(["the config names no service"], Validate(Service("", 1)));

    [Fact]
    public void Validate_RouteFeaturesNotEnforcedYet_AreRefusedByName()
    {
        var config = Valid();
        config.Routes[0].Match = new RouteMatch { Methods = { "GET" } };
        config.Routes[0].TimeoutMs = 2000;

        Assert.Equal(["route 'default' uses match rules, a timeout, which this proxy does not enforce yet"], Validate(config));
    }

    [Fact]
    public void Validate_PolicyFeaturesNotEnforcedYet_AreRefusedByName()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { LoadBalancer = new LoadBalancer { Algorithm = "least-request" }, RateLimit = new RateLimit { RequestsPerSecond = 10 } };

        Assert.Equal(["the service policy uses the least-request load balancer, rate limiting, which this proxy does not enforce yet"], Validate(config));
    }

    [Fact]
    public void Validate_RoundRobinPolicy_IsAccepted()
    {
        var config = Valid();
        config.Policy = new ServicePolicy { LoadBalancer = new LoadBalancer { Algorithm = "round-robin" } };

        Assert.Empty(Validate(config));
    }
}
