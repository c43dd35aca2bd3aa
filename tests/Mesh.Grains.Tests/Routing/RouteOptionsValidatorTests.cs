using Mesh.Grains.Routing;
using Mesh.Model.Routing;

namespace Mesh.Grains.Tests.Routing;

public sealed class RouteOptionsValidatorTests
{
    private static readonly WeightedDestination[] AllToV1 = [new WeightedDestination { Subset = "v1", Weight = 100 }];

    private static string[] Paths(Route route) =>
        RouteTableValidator.Validate(new RouteTable { Routes = [route with { Name = "r", Destinations = AllToV1 }] }).Errors.Select(e => e.Path).ToArray();

    [Fact]
    public void Validate_TheIssuesExample_IsAccepted() =>
        Assert.Empty(Paths(new Route
        {
            Match = new RouteMatch
            {
                Headers = new Dictionary<string, StringMatch> { ["x-user-group"] = new() { Exact = "beta" } },
                PathPrefix = "/api",
                Query = new Dictionary<string, StringMatch> { ["preview"] = new() { Exact = "1" } },
                Cookies = new Dictionary<string, StringMatch> { ["canary"] = new() { Exact = "yes" } },
                Methods = ["GET"],
            },
            Timeout = "2s",
            Retries = new RouteRetries { Attempts = 3, PerTryTimeout = "500ms", RetryOn = ["connect-failure", "reset", "5xx", "gateway-error"] },
            Fault = new RouteFault { Delay = new FaultDelay { Percent = 10, FixedDelay = "300ms" }, Abort = new FaultAbort { Percent = 5, HttpStatus = 503 } },
            Mirror = new RouteMirror { Subset = "v2", Percent = 100 },
        }));

    [Fact]
    public void Validate_TwoKindsOfStringMatch_NamesTheCondition() =>
        Assert.Equal(["r.match.headers.x-user"], Paths(new Route
        {
            Match = new RouteMatch { Headers = new Dictionary<string, StringMatch> { ["x-user"] = new() { Exact = "a", Prefix = "b" } } },
        }).Select(p => p.Replace("routes[0]", "r", StringComparison.Ordinal)));

    [Theory]
    [InlineData("(a)\\1")]
    [InlineData("(?<=x)y")]
    [InlineData("[")]
    public void Validate_RegexThatIsNotLinearTimeOrInvalid_IsRefused(string pattern) =>
        Assert.Equal(["routes[0].match.path.regex"], Paths(new Route { Match = new RouteMatch { Path = new StringMatch { Regex = pattern } } }));

    [Fact]
    public void Validate_PathAndPathPrefixTogether_IsRefused() =>
        Assert.Equal(["routes[0].match.pathPrefix"], Paths(new Route { Match = new RouteMatch { Path = new StringMatch { Exact = "/a" }, PathPrefix = "/b" } }));

    [Theory]
    [InlineData("2 s")]
    [InlineData("0ms")]
    [InlineData("2h")]
    [InlineData("fast")]
    public void Validate_BadTimeout_NamesIt(string timeout) =>
        Assert.Equal(["routes[0].timeout"], Paths(new Route { Timeout = timeout }));

    [Fact]
    public void Validate_BadRetries_NamesEachField() =>
        Assert.Equal(
            ["routes[0].retries.attempts", "routes[0].retries.perTryTimeout", "routes[0].retries.retryOn[1]"],
            Paths(new Route { Timeout = "1s", Retries = new RouteRetries { Attempts = 0, PerTryTimeout = "2s", RetryOn = ["5xx", "always"] } }));

    [Fact]
    public void Validate_BadFault_NamesEachField() =>
        Assert.Equal(
            ["routes[0].fault.delay.percent", "routes[0].fault.abort.httpStatus"],
            Paths(new Route { Fault = new RouteFault { Delay = new FaultDelay { Percent = 120, FixedDelay = "1s" }, Abort = new FaultAbort { Percent = 5, HttpStatus = 700 } } }));

    [Fact]
    public void Validate_BadMethodAndDuplicate_NamesThem() =>
        Assert.Equal(["routes[0].match.methods[1]", "routes[0].match.methods[2]"],
            Paths(new Route { Match = new RouteMatch { Methods = ["GET", "get", "GET"] } }));

    [Fact]
    public void Validate_MirrorWithoutSubset_NamesIt() =>
        Assert.Equal(["routes[0].mirror.subset"], Paths(new Route { Mirror = new RouteMirror { Percent = 10 } }));
}
