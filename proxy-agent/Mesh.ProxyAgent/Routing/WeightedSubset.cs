namespace Mesh.ProxyAgent.Routing;

/// <summary>A route destination: a compiled subset and its integer weight (0..100).</summary>
internal sealed record WeightedSubset(SubsetSnapshot Subset, int Weight);
