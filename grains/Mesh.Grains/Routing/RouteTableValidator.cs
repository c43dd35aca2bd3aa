using Mesh.Model.Naming;
using Mesh.Model.Routing;
using Mesh.Model.Validation;

namespace Mesh.Grains.Routing;

/// <summary>
/// The semantic rules of a route table. Every error names its field by JSON path, and all errors of a document
/// are reported together. A valid table is returned normalized (a lone destination's omitted weight becomes 100).
/// </summary>
internal static class RouteTableValidator
{
    public const int MaxRoutes = 256;
    public const int MaxDestinations = 32;

    public static (RouteTable? Table, IReadOnlyList<FieldError> Errors) Validate(RouteTable? table)
    {
        var errors = new List<FieldError>();
        if (table?.Routes is null)
        {
            errors.Add(new FieldError("routes", "is required (an empty list means no rules)"));
            return (null, errors);
        }

        if (table.Routes.Count > MaxRoutes)
        {
            errors.Add(new FieldError("routes", $"has {table.Routes.Count} routes; at most {MaxRoutes} are allowed"));
            return (null, errors);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var routes = new List<Route>(table.Routes.Count);
        for (var i = 0; i < table.Routes.Count; i++)
        {
            var path = $"routes[{i}]";
            var route = table.Routes[i];
            if (route is null)
            {
                errors.Add(new FieldError(path, "must be an object"));
                continue;
            }

            NameRules.Name(route.Name, $"{path}.name", errors);
            if (route.Name is not null && !names.Add(route.Name))
            {
                errors.Add(new FieldError($"{path}.name", $"duplicates the name of an earlier route ('{route.Name}')"));
            }

            RouteOptionsValidator.Validate(route, path, errors);
            routes.Add(route with { Destinations = ValidateDestinations(route.Destinations, path, errors) });
        }

        return errors.Count == 0 ? (new RouteTable { Routes = routes }, errors) : (null, errors);
    }

    private static IReadOnlyList<WeightedDestination>? ValidateDestinations(
        IReadOnlyList<WeightedDestination>? destinations, string routePath, List<FieldError> errors)
    {
        var path = $"{routePath}.destinations";
        if (destinations is null || destinations.Count == 0)
        {
            errors.Add(new FieldError(path, "must list at least one destination"));
            return destinations;
        }

        if (destinations.Count > MaxDestinations)
        {
            errors.Add(new FieldError(path, $"has {destinations.Count} destinations; at most {MaxDestinations} are allowed"));
            return destinations;
        }

        var before = errors.Count;
        var subsets = new HashSet<string>(StringComparer.Ordinal);
        var sum = 0;
        for (var j = 0; j < destinations.Count; j++)
        {
            var destinationPath = $"{path}[{j}]";
            var destination = destinations[j];
            if (destination is null)
            {
                errors.Add(new FieldError(destinationPath, "must be an object"));
                continue;
            }

            NameRules.Name(destination.Subset, $"{destinationPath}.subset", errors);
            if (destination.Subset is not null && !subsets.Add(destination.Subset))
            {
                errors.Add(new FieldError($"{destinationPath}.subset", $"subset '{destination.Subset}' appears twice in this route"));
            }

            switch (destination.Weight)
            {
                case null when destinations.Count > 1:
                    errors.Add(new FieldError($"{destinationPath}.weight", "is required when a route has more than one destination"));
                    break;
                case null:
                    sum += 100;
                    break;
                case < 0 or > 100:
                    errors.Add(new FieldError($"{destinationPath}.weight", $"must be an integer from 0 to 100 (got {destination.Weight})"));
                    break;
                default:
                    sum += destination.Weight.Value;
                    break;
            }
        }

        if (errors.Count == before && sum != 100)
        {
            errors.Add(new FieldError(path, $"weights must sum to 100; they sum to {sum}"));
        }

        // Only reached for a valid list or one whose errors are already recorded: a null entry stays as it is.
        return destinations.Select(d => d is { Weight: null } ? d with { Weight = 100 } : d).ToList();
    }
}
