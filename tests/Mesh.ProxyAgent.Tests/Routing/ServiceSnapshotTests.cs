using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Routing;
using Microsoft.AspNetCore.Http;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Routing;

public sealed class ServiceSnapshotTests
{
    private static AgentServiceSnapshot BetaThenDefault()
    {
        var beta = Split("beta", ("v2", 100));
        beta.Match = new RouteMatch { Headers = { ["x-user-group"] = new StringMatch { Exact = "beta" } }, Methods = { "GET" } };
        var config = Service("svc-b", 1, beta, Split("default", ("v1", 100))).WithSubsets("v1", "v2");
        return AgentConfigCompiler.Compile(config, DefaultGuard).Snapshot!;
    }

    private static HttpRequest Request(string method, string? group = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/";
        if (group is not null)
        {
            context.Request.Headers["X-User-Group"] = group;
        }

        return context.Request;
    }

    [Fact]
    public void RouteFor_EveryConditionHolds_PicksTheFirstRoute() => Assert.Equal("beta", BetaThenDefault().RouteFor(Request("GET", "beta"))?.Name);

    [Theory]
    [InlineData("GET", "alpha")]
    [InlineData("GET", null)]
    [InlineData("POST", "beta")]
    public void RouteFor_AConditionFails_FallsThroughToTheRouteWithoutMatch(string method, string? group) =>
        Assert.Equal("default", BetaThenDefault().RouteFor(Request(method, group))?.Name);

    [Fact]
    public void RouteFor_NoRouteMatches_IsNull()
    {
        var only = Split("only", ("v1", 100));
        only.Match = new RouteMatch { Path = new StringMatch { Prefix = "/api" } };
        var snapshot = AgentConfigCompiler.Compile(Service("svc-b", 1, only).WithSubsets("v1"), DefaultGuard).Snapshot!;

        Assert.Null(snapshot.RouteFor(Request("GET")));
    }
}
