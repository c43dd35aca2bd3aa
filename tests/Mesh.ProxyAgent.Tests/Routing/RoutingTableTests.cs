using Mesh.ProxyAgent.Routing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Routing;

public sealed class RoutingTableTests
{
    private static AgentServiceSnapshot Snapshot(string service, long version) => AgentConfigCompiler.Compile(Service(service, version), DefaultGuard).Snapshot!;

    [Fact]
    public void Apply_NewVersion_ReplacesTheServiceAndKeepsOthers()
    {
        var table = new RoutingTable();
        table.Apply(Snapshot("svc-b", 1));
        table.Apply(Snapshot("svc-c", 4));
        var before = table.Services;

        table.Apply(Snapshot("svc-b", 2));

        Assert.Equal(new Dictionary<string, long> { ["svc-b"] = 2, ["svc-c"] = 4 }, table.HeldVersions());
        Assert.Equal(1, before["svc-b"].Version);
    }

    [Fact]
    public async Task Apply_AnySnapshot_CompletesTheChangeSignalReadBefore()
    {
        var table = new RoutingTable();
        var changed = table.Changed;
        Assert.False(changed.IsCompleted);

        table.Apply(Snapshot("svc-b", 1));

        await changed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(table.Changed.IsCompleted);
    }
}
