using Mesh.Demo.Routing;

namespace Mesh.Demo.Tests.Routing;

public sealed class DefaultSplitTests
{
    private const string Endpoints = """[{"id":"a","healthy":true},{"id":"b","healthy":true},{"id":"c","healthy":true}]""";

    [Fact]
    public void Document_Default_IsOneRouteOfNinetyToV1AndTenToV2()
    {
        Assert.Equal("""{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":10}]}]}""", DefaultSplit.Document);
    }

    [Fact]
    public void InForce_DumpWithTheSplitAndEveryEndpointHealthy_IsTrue()
    {
        Assert.True(DefaultSplit.InForce(Dump("""[{"subset":"v1","weight":90},{"subset":"v2","weight":10}]""", Endpoints), endpoints: 3));
    }

    [Theory]
    [InlineData("""[{"subset":"v1","weight":50},{"subset":"v2","weight":50}]""", Endpoints)]
    [InlineData("""[{"subset":"v1","weight":90},{"subset":"v2","weight":10}]""", """[{"id":"a","healthy":true},{"id":"b","healthy":false}]""")]
    public void InForce_OtherSplitOrMissingEndpoints_IsFalse(string destinations, string endpoints)
    {
        Assert.False(DefaultSplit.InForce(Dump(destinations, endpoints), endpoints: 3));
    }

    [Fact]
    public void InForce_NoConfigForBackendYet_IsFalse()
    {
        Assert.False(DefaultSplit.InForce("""{"proxyId":"p","services":[]}""", endpoints: 3));
    }

    private static string Dump(string destinations, string endpoints) =>
        $$"""{"proxyId":"p","services":[{"service":"backend","routes":[{"name":"default","destinations":{{destinations}}}],"endpoints":{{endpoints}}}]}""";
}
