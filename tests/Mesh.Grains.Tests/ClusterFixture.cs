using Mesh.Testing.Grains;

namespace Mesh.Grains.Tests;

/// <summary>One in-process two-silo cluster shared by the grain tests.</summary>
public sealed class ClusterFixture() : InMemoryGrainCluster(2, Start)
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public IGrainFactory Grains => Cluster.Client;
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
