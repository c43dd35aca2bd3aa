using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.PushPath;

/// <summary>A proxy whose silo is killed reconnects to another one and keeps receiving changes.</summary>
public sealed class ControlPlaneFailoverTests(MeshTopology mesh, ITestOutputHelper output) : IClassFixture<MeshTopology>
{
    [Fact]
    public async Task SiloOfTheCallersProxyKilled_ProxyReconnectsToTheOther_AndReceivesTheNextChange()
    {
        var dump = await mesh.CallerProxy.Admin.GetFromJsonNodeAsync("/config_dump");
        var connectedTo = dump["silo"]!.GetValue<string>();
        var victim = mesh.Silos.Single(s => connectedTo.Contains($":{s.SiloPort}:", StringComparison.Ordinal));
        var survivor = mesh.Silos.Single(s => s != victim);

        victim.Kill();
        var moved = await Eventually.WaitAsync(
            () => mesh.CallerProxy.Admin.GetFromJsonNodeAsync("/config_dump"),
            d => d["connected"]!.GetValue<bool>() && d["silo"]?.GetValue<string>() is { } silo && silo != connectedTo,
            "the caller's proxy reconnects to the surviving silo", TimeSpan.FromSeconds(15));
        output.WriteLine($"reconnected from {connectedTo} to {moved["silo"]}");

        // Until the cluster declares the killed silo dead (about 5 s), calls to grains it hosted fail and the API
        // answers 503 with Retry-After, changing nothing; a client retries, as this one does.
        await Eventually.WaitAsync(
            async () =>
            {
                using var put = await survivor.Http.PutJsonAsync("/api/v1/services/svc-b/routes", MeshTopology.Split(0, 100));
                return put.StatusCode;
            },
            status => status == System.Net.HttpStatusCode.OK,
            "the surviving silo accepts the route change", TimeSpan.FromSeconds(20));
        // svc-b's service grain may have lived on the killed silo too: its reads answer 503 until it is declared dead.
        var detail = await Eventually.WaitAsync(
            async () =>
            {
                using var response = await survivor.Http.GetAsync(new Uri("/api/v1/services/svc-b", UriKind.Relative));
                return response.IsSuccessStatusCode ? System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            },
            d => d is not null, "the surviving silo reads svc-b", TimeSpan.FromSeconds(20));
        var version = detail!["resourceVersion"]!.GetValue<long>() + detail["routesVersion"]!.GetValue<long>();
        await Eventually.WaitAsync(
            () => mesh.CallerProxy.Admin.GetFromJsonNodeAsync("/config_dump"),
            d => d["services"]!.AsArray().Any(s => s!["service"]!.GetValue<string>() == "svc-b" && s["version"]!.GetValue<long>() >= version),
            $"the caller's proxy holds svc-b version {version}", TimeSpan.FromSeconds(10));
        var traffic = await LoadRunner.RunAsync(mesh.CallerProxy, "svc-b", 200);

        Assert.Empty(traffic.Failures);
        Assert.Equal(200, traffic.ByVersion.GetValueOrDefault("v2"));
    }
}
