using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Tests.Infrastructure;

/// <summary>Endpoint snapshots for load-balancing and outlier tests, which care only about ids.</summary>
internal static class TestEndpoints
{
    public static EndpointSnapshot Endpoint(string id) => new()
    {
        Id = id,
        Address = $"http://{id}.test:8080",
        DestinationPrefix = $"http://{id}.test:8080/",
        Labels = new Dictionary<string, string>(),
        Healthy = true,
    };

    /// <summary>Endpoints <c>e0</c> … <c>e{count-1}</c>.</summary>
    public static EndpointSnapshot[] Endpoints(int count) => Enumerable.Range(0, count).Select(i => Endpoint($"e{i}")).ToArray();
}
