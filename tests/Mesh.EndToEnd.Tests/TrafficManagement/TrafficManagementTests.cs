using System.Net;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.TrafficManagement;

/// <summary>Traffic-management rules written through the Rules API and enforced by real proxies on live traffic.</summary>
public sealed class TrafficManagementTests(MeshTopology mesh, ITestOutputHelper output) : IClassFixture<MeshTopology>
{
    private async Task<long> ApplyAsync(string routes)
    {
        using var put = await mesh.Silos[0].Http.PutJsonAsync("/api/v1/services/svc-b/routes", routes);
        await put.ReadJsonAsync(HttpStatusCode.OK);
        var detail = await mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b");
        var version = detail["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>();
        await mesh.WaitAllAckedAsync("svc-b", version);
        return version;
    }

    private async Task<string> CallAsync(Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "svc-b";
        configure(request);
        using var response = await mesh.CallerProxy.Outbound.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-app-version").Single();
    }

    [Fact]
    public async Task HeaderRule_SendsBetaUsersToV2_EveryoneElseFollowsTheSplit()
    {
        await ApplyAsync("""
            {"routes":[
              {"name":"beta","match":{"headers":{"x-user-group":{"exact":"beta"}}},"destinations":[{"subset":"v2","weight":100}]},
              {"name":"default","destinations":[{"subset":"v1","weight":100}]}]}
            """);

        var beta = new List<string>();
        var others = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            beta.Add(await CallAsync(r => r.Headers.Add("x-user-group", "beta")));
            others.Add(await CallAsync(r => r.Headers.Add("x-user-group", "staff")));
        }

        Assert.All(beta, v => Assert.Equal("v2", v));
        Assert.All(others, v => Assert.Equal("v1", v));
    }

    [Fact]
    public async Task AbortFault_AnswersTheConfiguredStatusForEveryRequest_WithoutReachingTheApp()
    {
        await ApplyAsync("""
            {"routes":[{"name":"default","destinations":[{"subset":"v1","weight":100}],"fault":{"abort":{"percent":100,"httpStatus":418}}}]}
            """);
        var inboundBefore = await MeshTopology.InboundRequestsAsync(mesh.V1Proxy);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await mesh.CallerProxy.CallAsync("svc-b");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal((HttpStatusCode)418, s));
        Assert.Equal(inboundBefore, await MeshTopology.InboundRequestsAsync(mesh.V1Proxy));
        output.WriteLine("20 of 20 requests aborted with 418 by the caller's proxy; the callee's inbound count did not move");
        await ApplyAsync(MeshTopology.Split(100, 0));
    }
}
