using Mesh.Model.Validation;
using Mesh.Silo.Api.Contracts;

namespace Mesh.Silo.Api;

/// <summary>What every rollback endpoint reads before it calls its grain: the service, the target and the precondition.</summary>
internal static class Rollbacks
{
    /// <summary>The target version and the <c>If-Match</c> version, or the problem to answer instead.</summary>
    public static async Task<(long ToVersion, long? Expected, IResult? Problem)> ReadAsync(
        string service, IGrainFactory grains, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await ServiceNames.FindAsync(grains, service) is { } missing)
        {
            return (0, null, missing);
        }

        var (body, errors) = await JsonBody.ReadAsync<RollbackRequest>(request, cancellationToken);
        if (body is null)
        {
            return (0, null, Problems.Invalid(errors));
        }

        if (body.ToVersion is not { } toVersion)
        {
            return (0, null, Problems.Invalid(new FieldError("toVersion", "is required")));
        }

        var (expected, precondition) = Preconditions.Expected(request, null);
        return precondition is null ? (toVersion, expected, null) : (0, null, Problems.Invalid(precondition));
    }
}
