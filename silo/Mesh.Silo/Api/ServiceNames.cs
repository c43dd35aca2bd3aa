using Mesh.Grains.Indexing;
using Mesh.Model.Naming;
using Mesh.Model.Validation;

namespace Mesh.Silo.Api;

/// <summary>Checks the <c>{service}</c> of a URL before any grain is activated for it.</summary>
internal static class ServiceNames
{
    /// <summary>400 if the name breaks the naming rules, else <c>null</c>.</summary>
    public static IResult? Check(string service)
    {
        var errors = new List<FieldError>();
        NameRules.Service(service, "service", errors);
        return errors.Count > 0 ? Problems.Invalid(errors) : null;
    }

    /// <summary>400 for a bad name, 404 for a service the registry does not know, else <c>null</c>.</summary>
    public static async Task<IResult?> FindAsync(IGrainFactory grains, string service) =>
        Check(service) ?? (await grains.ServiceIndex().ContainsAsync(service)
            ? null
            : Problems.NotFound($"no service named '{service}' is known"));
}
