using Mesh.Grains.Indexing;

namespace Mesh.Grains.Tests.Indexing;

[Collection(ClusterCollection.Name)]
public sealed class NameIndexGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AddRemove_KeepsASortedSetWithoutDuplicates()
    {
        var index = fixture.Grains.GetGrain<INameIndexGrain>($"test-{Guid.NewGuid():N}");

        Assert.True(await index.AddAsync("b"));
        Assert.True(await index.AddAsync("a"));
        Assert.False(await index.AddAsync("b"));
        Assert.True(await index.RemoveAsync("c") is false);
        Assert.True(await index.AddAsync("c"));
        Assert.True(await index.RemoveAsync("c"));

        Assert.Equal(["a", "b"], await index.ListAsync());
    }

    [Fact]
    public async Task ConcurrentAddsAndRemoves_AreGroupCommitted_AndEachNameIsNewExactlyOnce()
    {
        var index = fixture.Grains.GetGrain<INameIndexGrain>($"test-{Guid.NewGuid():N}");
        var names = Enumerable.Range(0, 300).Select(i => $"proxy-{i:D3}").ToList();

        var added = await Task.WhenAll(names.Concat(names).Select(index.AddAsync));
        var removed = await Task.WhenAll(names.Where((_, i) => i % 2 == 0).Select(index.RemoveAsync));

        Assert.Equal(300, added.Count(a => a));
        Assert.All(removed, Assert.True);
        Assert.Equal(names.Where((_, i) => i % 2 == 1), await index.ListAsync());
    }
}
