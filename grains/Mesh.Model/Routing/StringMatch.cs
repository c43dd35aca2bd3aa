namespace Mesh.Model.Routing;

/// <summary>How a request value must look: exactly one of <see cref="Exact"/>, <see cref="Prefix"/>,
/// <see cref="Regex"/> (linear-time syntax, no backreferences or lookarounds) or <see cref="Present"/>
/// (<c>true</c>: the value is there, whatever it is; <c>false</c>: it is absent).</summary>
[GenerateSerializer, Immutable, Alias("mesh.StringMatch")]
public sealed record StringMatch
{
    [Id(0)] public string? Exact { get; init; }

    [Id(1)] public string? Prefix { get; init; }

    [Id(2)] public string? Regex { get; init; }

    [Id(3)] public bool? Present { get; init; }
}
