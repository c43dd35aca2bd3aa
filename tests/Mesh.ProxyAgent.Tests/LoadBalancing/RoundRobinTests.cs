using Mesh.ProxyAgent.LoadBalancing;

namespace Mesh.ProxyAgent.Tests.LoadBalancing;

public sealed class RoundRobinTests
{
    [Fact]
    public void Next_ThreeItems_CyclesInOrderFromTheFirst()
    {
        var roundRobin = new RoundRobin();
        string[] items = ["a", "b", "c"];

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a"], Enumerable.Range(0, 7).Select(_ => roundRobin.Next(items)));
    }

    [Fact]
    public void Next_NoItems_IsNull() => Assert.Null(new RoundRobin().Next(Array.Empty<string>()));

    [Fact]
    public async Task Next_ConcurrentCallers_EachGetADistinctTurn()
    {
        var roundRobin = new RoundRobin();
        string[] items = ["a", "b", "c", "d"];

        var picks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 1000).Select(_ => roundRobin.Next(items)!).ToArray())));

        Assert.All(picks.SelectMany(p => p).CountBy(p => p), c => Assert.Equal(1000, c.Value));
    }
}
