using Mesh.Model.Registry;

namespace Mesh.Silo.Api.Contracts;

/// <summary>One service with its endpoints, settings and the versions of its documents.</summary>
internal sealed record ServiceResponse(
    string Name,
    long ResourceVersion,
    long RoutesVersion,
    IReadOnlyList<ServiceEndpoint> Endpoints,
    ServiceSettings Settings);
