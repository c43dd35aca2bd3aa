namespace Mesh.ProxyAgent.Tests.Functional;

/// <summary>Functional tests run one at a time: each starts real servers, and the machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FunctionalCollection
{
    public const string Name = "Functional";
}
