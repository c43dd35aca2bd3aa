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

    private async Task PutPolicyAsync(string policy)
    {
        using (var put = await mesh.Silos[0].Http.PutJsonAsync("/api/v1/services/svc-b/policy", policy))
        {
            await put.ReadJsonAsync(HttpStatusCode.OK);
        }

        var detail = await mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b");
        await mesh.WaitAllAckedAsync("svc-b", detail["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>());
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

    [Fact]
    public async Task Retries_OnAFailingInstance_GoToTheOtherInstanceOfTheSubset_SoNoCallerSeesAFailure()
    {
        // Retries stay within the chosen subset (as in Istio), trying another endpoint of it: v1 gets a second,
        // healthy instance while the first one fails every request.
        var app = mesh.Own(await TestApp.StartAsync("svc-b", "v1", "b-v1-retry"));
        var proxy = mesh.Own(ProxyAgentProcess.Start("svc-b", "v1", [mesh.Silos[0].DiscoveryUrl, mesh.Silos[1].DiscoveryUrl], app.Url));
        await proxy.WaitReadyAsync();
        await mesh.WaitForEndpointsAsync("svc-b", 3);
        await ApplyAsync("""
            {"routes":[{"name":"default","destinations":[{"subset":"v1","weight":100}],"retries":{"attempts":2,"retryOn":["5xx"]}}]}
            """);
        mesh.V1App.FailWith(503);
        var failingBefore = mesh.V1App.Requests;
        try
        {
            // 20 requests: every first attempt that lands on the failing instance is retried on the other. Retries
            // also move the round-robin cursor, so anywhere from a few to all 20 first attempts may fail; the retry
            // budget allows max(20% of requests, 3/s over 10 s = 30) retries in the window, so all of them fit.
            var result = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 20, concurrency: 2);

            Assert.Empty(result.Failures);
            Assert.Equal(20, result.ByInstance.GetValueOrDefault("b-v1-retry"));
            output.WriteLine($"{mesh.V1App.Requests - failingBefore} first attempts failed on b-v1-1 and were retried on b-v1-retry");
            Assert.True(mesh.V1App.Requests - failingBefore >= 1, "no request reached the failing instance, so no retry was exercised");
        }
        finally
        {
            mesh.V1App.FailWith(0);
            await proxy.StopAsync();
            await mesh.WaitForEndpointsAsync("svc-b", 2);
        }
    }

    [Fact]
    public async Task RouteTimeout_AStalledUpstream_Gets504InTime()
    {
        await ApplyAsync("""
            {"routes":[{"name":"default","destinations":[{"subset":"v1","weight":100}],"timeout":"300ms"}]}
            """);
        mesh.V1App.Stall(TimeSpan.FromSeconds(5));
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await mesh.CallerProxy.CallAsync("svc-b");
            var elapsed = clock.Elapsed;

            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            // The bound is generous on the upper side for a loaded 2-core machine, and far below the app's 5 s stall.
            Assert.InRange(elapsed, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(2));
            output.WriteLine($"504 after {elapsed.TotalMilliseconds:F0} ms with a 300 ms route timeout");
        }
        finally
        {
            mesh.V1App.Stall(TimeSpan.Zero);
            await ApplyAsync(MeshTopology.Split(100, 0));
        }
    }

    [Fact]
    public async Task Mirror_CopiesEveryRequestToV2_WhileCallersOnlySeeV1()
    {
        await ApplyAsync("""
            {"routes":[{"name":"default","destinations":[{"subset":"v1","weight":100}],"mirror":{"subset":"v2","percent":100}}]}
            """);
        var mirroredBefore = mesh.V2App.Requests;

        var result = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 30, concurrency: 1);

        Assert.Empty(result.Failures);
        Assert.Equal(30, result.ByVersion.GetValueOrDefault("v1"));
        // Copies are fire-and-forget: wait for them to arrive rather than assuming they already have.
        await Eventually.WaitAsync(() => Task.FromResult(mesh.V2App.Requests - mirroredBefore), n => n == 30,
            "30 mirrored copies reach v2", TimeSpan.FromSeconds(10));
        await ApplyAsync(MeshTopology.Split(100, 0));
    }

    [Fact]
    public async Task CircuitBreaker_BeyondOneInFlightRequest_Answers503AtOnce()
    {
        await ApplyAsync(MeshTopology.Split(100, 0));
        await PutPolicyAsync("""{"circuitBreaker":{"maxConcurrentRequests":1,"maxPendingRequests":0}}""");
        mesh.V1App.Stall(TimeSpan.FromSeconds(1));
        try
        {
            var calls = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            {
                using var response = await mesh.CallerProxy.CallAsync("svc-b");
                return (response.StatusCode, Reason: response.Headers.TryGetValues("x-mesh-reason", out var r) ? r.First() : "");
            }));

            Assert.Single(calls, c => c.StatusCode == HttpStatusCode.OK);
            Assert.Equal(4, calls.Count(c => c.StatusCode == HttpStatusCode.ServiceUnavailable && c.Reason.Contains("circuit breaker", StringComparison.Ordinal)));
        }
        finally
        {
            mesh.V1App.Stall(TimeSpan.Zero);
            await PutPolicyAsync("{}");
        }
    }

    [Fact]
    public async Task ConsistentHashOnAHeader_KeepsEachUserOnOneInstance()
    {
        // No routes: traffic spreads over both instances (v1 and v2), balanced by the hash of x-user.
        await ApplyAsync("""{"routes":[]}""");
        await PutPolicyAsync("""{"loadBalancer":{"algorithm":"consistent-hash","hashOn":{"header":"x-user"}}}""");
        try
        {
            var seen = new Dictionary<string, HashSet<string>>();
            for (var user = 0; user < 20; user++)
            {
                var versions = seen[$"user-{user}"] = [];
                for (var i = 0; i < 5; i++)
                {
                    versions.Add(await CallAsync(r => r.Headers.Add("x-user", $"user-{user}")));
                }
            }

            Assert.All(seen, s => Assert.Single(s.Value));
            // 20 users over 2 instances: all on one instance would have probability 2 × 2^-20.
            Assert.Equal(2, seen.Values.Select(v => v.Single()).Distinct().Count());
        }
        finally
        {
            await PutPolicyAsync("{}");
            await ApplyAsync(MeshTopology.Split(100, 0));
        }
    }

    [Fact]
    public async Task OutlierDetection_EjectsAnInstanceAfterTwoConsecutive5xx()
    {
        await ApplyAsync("""{"routes":[]}""");
        await PutPolicyAsync("""{"outlierDetection":{"consecutive5xx":2,"interval":"10s","baseEjectionTime":"30s","maxEjectionPercent":50}}""");
        mesh.V2App.FailWith(503);
        try
        {
            // Round robin over v1 and v2: v2's first two answers are 503, then it is ejected and v1 takes everything.
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await mesh.CallerProxy.CallAsync("svc-b");
                statuses.Add(response.StatusCode);
            }

            output.WriteLine($"statuses: {string.Join(" ", statuses.Select(s => (int)s))}");
            Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
            Assert.All(statuses.Skip(6), s => Assert.Equal(HttpStatusCode.OK, s));
        }
        finally
        {
            mesh.V2App.FailWith(0);
            await PutPolicyAsync("{}");
            await ApplyAsync(MeshTopology.Split(100, 0));
        }
    }

    [Fact]
    public async Task RateLimit_InTheCalleesInboundProxy_Answers429BeyondTheBucket()
    {
        await ApplyAsync(MeshTopology.Split(100, 0));
        await PutPolicyAsync("""{"rateLimit":{"requestsPerSecond":2,"burst":5,"scope":"instance"}}""");
        try
        {
            // The callee's proxy learns its own policy from its own watch; wait until it enforces it.
            await Eventually.WaitAsync(async () =>
            {
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i < 12; i++)
                {
                    using var r = await mesh.CallerProxy.CallAsync("svc-b");
                    statuses.Add(r.StatusCode);
                }

                return statuses;
            }, s => s.Contains(HttpStatusCode.TooManyRequests), "the inbound proxy limits svc-b", TimeSpan.FromSeconds(10));
            // The probe above drained the bucket; a token bucket refills with time, so give it time to fill (5 tokens at 2/s).
            await Task.Delay(TimeSpan.FromSeconds(3));

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 30; i++)
            {
                using var r = await mesh.CallerProxy.CallAsync("svc-b");
                codes.Add(r.StatusCode);
            }

            // A full bucket admits its burst of 5, then 2 per second: within the elapsed time at most
            // 5 + 2 × seconds (+1 for a refill at the edge) succeed, and every other answer is 429. That bound grows
            // with the time the calls took; once it reaches 30 it could not fail, so such a run fails as too slow.
            var allowed = codes.Count(c => c == HttpStatusCode.OK);
            var limit = 5 + (int)Math.Ceiling(2 * clock.Elapsed.TotalSeconds) + 1;
            output.WriteLine($"{allowed} of 30 allowed in {clock.Elapsed.TotalMilliseconds:F0} ms (at most {limit})");
            Assert.True(limit < codes.Count, $"30 calls took {clock.Elapsed}: too slow to tell a 2/s limit from none");
            Assert.InRange(allowed, 5, limit);
            Assert.Equal(30 - allowed, codes.Count(c => c == HttpStatusCode.TooManyRequests));
        }
        finally
        {
            await PutPolicyAsync("{}");
        }
    }

    [Fact]
    public async Task HealthCheck_FailingApp_LeavesTheCallersSets_AndReturnsWhenHealthy()
    {
        await ApplyAsync("""{"routes":[]}""");
        // A probe times out after the interval: 1 s keeps a busy machine from failing v1's probes as well.
        await PutPolicyAsync("""{"healthCheck":{"path":"/healthz","interval":"1s","unhealthyThreshold":2,"healthyThreshold":1}}""");
        try
        {
            mesh.V2App.FailWith(503);
            await Eventually.WaitAsync(() => mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b"),
                s => s["endpoints"]!.AsArray().All(e => e!["healthy"]!.GetValue<bool>() == (e["labels"]!["version"]!.GetValue<string>() == "v1")),
                "v2's proxy reports its app unhealthy (and v1's healthy)", TimeSpan.FromSeconds(15));
            var detail = await mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b");
            await mesh.WaitAllAckedAsync("svc-b", detail["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>());

            var whileUnhealthy = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 20, concurrency: 1);

            Assert.Empty(whileUnhealthy.Failures);
            Assert.Equal(20, whileUnhealthy.ByVersion.GetValueOrDefault("v1"));

            mesh.V2App.FailWith(0);
            await Eventually.WaitAsync(() => mesh.Silos[0].Http.GetJsonAsync("/api/v1/services/svc-b"),
                s => s["endpoints"]!.AsArray().All(e => e!["healthy"]!.GetValue<bool>()),
                "v2's proxy reports its app healthy again", TimeSpan.FromSeconds(10));
        }
        finally
        {
            mesh.V2App.FailWith(0);
            await PutPolicyAsync("{}");
            await ApplyAsync(MeshTopology.Split(100, 0));
        }
    }

    [Fact]
    public async Task PathQueryCookieAndMethodRules_EachSendTheirMatchesToV2()
    {
        await ApplyAsync("""
            {"routes":[
              {"name":"api","match":{"pathPrefix":"/api","methods":["POST"]},"destinations":[{"subset":"v2","weight":100}]},
              {"name":"preview","match":{"query":{"preview":{"exact":"1"}}},"destinations":[{"subset":"v2","weight":100}]},
              {"name":"canary","match":{"cookies":{"canary":{"regex":"y(es)?"}}},"destinations":[{"subset":"v2","weight":100}]},
              {"name":"default","destinations":[{"subset":"v1","weight":100}]}]}
            """);

        async Task<string> Send(HttpMethod method, string path, string? cookie = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? new StringContent("{}") : null };
            request.Headers.Host = "svc-b";
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var response = await mesh.CallerProxy.Outbound.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.GetValues("x-app-version").Single();
        }

        Assert.Equal("v2", await Send(HttpMethod.Post, "/api/orders"));
        Assert.Equal("v1", await Send(HttpMethod.Get, "/api/orders"));
        Assert.Equal("v2", await Send(HttpMethod.Get, "/page?preview=1"));
        Assert.Equal("v1", await Send(HttpMethod.Get, "/page?preview=0"));
        Assert.Equal("v2", await Send(HttpMethod.Get, "/", "canary=yes; theme=dark"));
        Assert.Equal("v1", await Send(HttpMethod.Get, "/", "canary=no"));
        await ApplyAsync(MeshTopology.Split(100, 0));
    }

    [Fact]
    public async Task DelayFault_HoldsEveryRequestBackByTheFixedDelay()
    {
        await ApplyAsync("""
            {"routes":[{"name":"default","destinations":[{"subset":"v1","weight":100}],"fault":{"delay":{"percent":100,"fixedDelay":"400ms"}}}]}
            """);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await mesh.CallerProxy.CallAsync("svc-b");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // At least the injected delay; the upper bound only guards against a hang on a loaded machine.
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(395), TimeSpan.FromSeconds(3));
        }
        finally
        {
            await ApplyAsync(MeshTopology.Split(100, 0));
        }
    }
}
