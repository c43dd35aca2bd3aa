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
}
