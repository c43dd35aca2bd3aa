using Mesh.ProxyAgent.Routing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Routing;

public sealed partial class AgentConfigCompilerTests
{
    private static AgentServiceSnapshot Compile(Mesh.Protos.Discovery.V1.ServiceConfig config)
    {
        var result = AgentConfigCompiler.Compile(config, DefaultGuard);
        Assert.Null(result.Error);
        return result.Snapshot!;
    }

    [Fact]
    public void Compile_SubsetsByLabel_HoldTheEndpointsCarryingEveryLabel()
    {
        var config = Service("svc-b", 7, Split("default", ("v1", 90), ("v2", 10)))
            .WithSubsets("v1", "v2")
            .WithEndpoint("b-1", "http://127.0.0.1:9001", "v1")
            .WithEndpoint("b-2", "http://127.0.0.1:9002", "v2")
            .WithEndpoint("b-3", "http://127.0.0.1:9003", "v1")
            .WithEndpoint("b-4", "http://127.0.0.1:9004");

        var snapshot = Compile(config);

        Assert.Equal("svc-b", snapshot.Service);
        Assert.Equal(7, snapshot.Version);
        Assert.Equal(["b-1", "b-3"], snapshot.Subsets[0].HealthyEndpoints.Select(e => e.Id));
        Assert.Equal(["b-2"], snapshot.Subsets[1].HealthyEndpoints.Select(e => e.Id));
        Assert.Equal(["b-1", "b-2", "b-3", "b-4"], snapshot.AllEndpoints.HealthyEndpoints.Select(e => e.Id));
    }

    [Fact]
    public void Compile_SubsetWithTwoLabels_NeedsBoth()
    {
        var config = Service("svc-b", 1);
        config.Subsets.Add(new Mesh.Protos.Discovery.V1.Subset { Name = "v1-eu", Labels = { ["version"] = "v1", ["zone"] = "eu" } });
        config.WithEndpoint("b-1", "http://127.0.0.1:9001", "v1").WithEndpoint("b-2", "http://127.0.0.1:9002", "v1");
        config.Endpoints[1].Labels["zone"] = "eu";

        Assert.Equal(["b-2"], Compile(config).Subsets[0].HealthyEndpoints.Select(e => e.Id));
    }

    [Fact]
    public void Compile_UnhealthyEndpoints_AreKeptButNeverChosen()
    {
        var config = Service("svc-b", 1, Split("default", ("v1", 100)))
            .WithSubsets("v1")
            .WithEndpoint("b-1", "http://127.0.0.1:9001", "v1", healthy: false)
            .WithEndpoint("b-2", "http://127.0.0.1:9002", "v1");

        var snapshot = Compile(config);

        Assert.Equal(["b-1", "b-2"], snapshot.Endpoints.Select(e => e.Id));
        Assert.False(snapshot.Endpoints[0].Healthy);
        Assert.Equal(["b-2"], snapshot.Subsets[0].HealthyEndpoints.Select(e => e.Id));
        Assert.Equal(["b-2"], snapshot.AllEndpoints.HealthyEndpoints.Select(e => e.Id));
    }

    [Fact]
    public void Compile_Routes_KeepOrderNamesAndWeights()
    {
        var config = Service("svc-b", 1, Split("canary", ("v2", 100)), Split("default", ("v1", 90), ("v2", 10))).WithSubsets("v1", "v2");

        var routes = Compile(config).Routes;

        Assert.Equal(["canary", "default"], routes.Select(r => r.Name));
        Assert.Equal([("v1", 90), ("v2", 10)], routes[1].Destinations.Select(d => (d.Subset.Name, d.Weight)));
        Assert.Same(routes[0].Destinations[0].Subset, routes[1].Destinations[1].Subset);
    }

    [Fact]
    public void Compile_EndpointAddress_BecomesANormalisedDestinationPrefix()
    {
        var endpoint = Compile(Service("svc-b", 1).WithEndpoint("b-1", "HTTP://LocalHost:9001")).Endpoints[0];

        Assert.Equal("HTTP://LocalHost:9001", endpoint.Address);
        Assert.Equal("http://localhost:9001/", endpoint.DestinationPrefix);
    }

    [Fact]
    public void Compile_InvalidConfig_ReturnsTheErrorsJoined()
    {
        var result = AgentConfigCompiler.Compile(Service("svc-b", 1, Split("a", ("v1", 50)), Split("b", ("v1", 60))).WithSubsets("v1"), DefaultGuard);

        Assert.Null(result.Snapshot);
        Assert.Equal("route 'a' weights sum to 50, not 100; route 'b' weights sum to 60, not 100", result.Error);
    }

    [Fact]
    public void Compile_RouteOptions_BecomeMatcherTimeoutAndFaultPlan()
    {
        var route = Split("default", ("v1", 100));
        route.Match = new Mesh.Protos.Discovery.V1.RouteMatch { Path = new Mesh.Protos.Discovery.V1.StringMatch { Prefix = "/api" } };
        route.TimeoutMs = 2000;
        route.Fault = new Mesh.Protos.Discovery.V1.FaultInjection { DelayPercent = 10, DelayMs = 300, AbortPercent = 5, AbortStatus = 503 };

        var compiled = Compile(Service("svc-b", 1, route).WithSubsets("v1")).Routes[0];

        Assert.Equal(new Mesh.ProxyAgent.Matching.StringMatchSpec(Prefix: "/api"), compiled.Match?.Path);
        Assert.False(compiled.Matcher.MatchesEverything);
        Assert.Equal(TimeSpan.FromSeconds(2), compiled.Timeout);
        Assert.Equal((10, TimeSpan.FromMilliseconds(300), 5, 503), (compiled.Fault!.DelayPercent, compiled.Fault.FixedDelay, compiled.Fault.AbortPercent, compiled.Fault.AbortStatus));
    }

    [Fact]
    public void Compile_RouteWithoutOptions_MatchesEverythingWithoutTimeoutOrFault()
    {
        var compiled = Compile(Service("svc-b", 1, Split("default", ("v1", 100))).WithSubsets("v1")).Routes[0];

        Assert.Null(compiled.Match);
        Assert.True(compiled.Matcher.MatchesEverything);
        Assert.Null(compiled.Timeout);
        Assert.Null(compiled.Fault);
    }

    [Fact]
    public void Compile_RegexTheMatcherRefuses_IsAnErrorNamingTheRoute()
    {
        var route = Split("beta", ("v1", 100));
        route.Match = new Mesh.Protos.Discovery.V1.RouteMatch { Headers = { ["x-user"] = new Mesh.Protos.Discovery.V1.StringMatch { Regex = "(?<=a)b" } } };

        var result = AgentConfigCompiler.Compile(Service("svc-b", 1, route).WithSubsets("v1"), DefaultGuard);

        Assert.Null(result.Snapshot);
        Assert.StartsWith("route 'beta' match headers.x-user regex is not a valid linear-time regular expression: ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", typeof(Mesh.ProxyAgent.LoadBalancing.RoundRobin))]
    [InlineData("random", typeof(Mesh.ProxyAgent.LoadBalancing.RandomChoice))]
    [InlineData("least-request", typeof(Mesh.ProxyAgent.LoadBalancing.LeastRequest))]
    [InlineData("consistent-hash", typeof(Mesh.ProxyAgent.LoadBalancing.ConsistentHash))]
    public void Compile_LoadBalancerPolicy_GivesEverySubsetItsAlgorithm(string algorithm, Type expected)
    {
        var config = Service("svc-b", 1, Split("default", ("v1", 100))).WithSubsets("v1").WithEndpoint("b-1", "http://127.0.0.1:9001", "v1");
        config.Policy = new Mesh.Protos.Discovery.V1.ServicePolicy { LoadBalancer = new Mesh.Protos.Discovery.V1.LoadBalancer { Algorithm = algorithm, HashHeader = "x-user" } };

        var snapshot = Compile(config);

        Assert.IsType(expected, snapshot.Subsets[0].Balancer);
        Assert.IsType(expected, snapshot.AllEndpoints.Balancer);
        Assert.Equal(algorithm == "least-request", snapshot.InFlight is not null);
    }
}
