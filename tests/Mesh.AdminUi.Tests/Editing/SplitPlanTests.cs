using Mesh.AdminUi.Editing;
using Mesh.Model.Routing;
using Route = Mesh.Model.Routing.Route;

namespace Mesh.AdminUi.Tests.Editing;

public sealed class SplitPlanTests
{
    private static RouteTable Table(params Route[] routes) => new() { Routes = routes };

    private static Route Split(string name, params (string Subset, int Weight)[] d) =>
        new() { Name = name, Destinations = d.Select(x => new WeightedDestination { Subset = x.Subset, Weight = x.Weight }).ToList() };

    [Fact]
    public void From_DefaultRoute_TakesItsWeights_AndAddsKnownSubsetsAtZero()
    {
        var plan = SplitPlan.From(Table(Split("beta", ("v3", 100)), Split("default", ("v1", 90), ("v2", 10))), ["v1", "v2", "v4"]);

        Assert.Equal("default", plan.RouteName);
        Assert.Equal(["v1", "v2", "v4"], plan.Subsets);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 90, ["v2"] = 10, ["v4"] = 0 }, plan.Weights);
    }

    [Fact]
    public void From_NoRoutes_StartsFromAnEvenSplitSummingTo100()
    {
        var plan = SplitPlan.From(Table(), ["v1", "v2", "v3"]);

        Assert.Equal(100, plan.Weights.Values.Sum());
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 34, ["v2"] = 33, ["v3"] = 33 }, plan.Weights);
    }

    [Fact]
    public void Apply_ReplacesOnlyTheEditedRoute_AndLeavesZeroSharesOut()
    {
        var table = Table(Split("beta", ("v3", 100)), Split("default", ("v1", 90), ("v2", 10)));
        var plan = SplitPlan.From(table, ["v1", "v2"]);

        var applied = plan.Apply(table, new Dictionary<string, int> { ["v1"] = 0, ["v2"] = 100 });

        Assert.Equal(table.Routes![0], applied.Routes![0]);
        var destination = Assert.Single(applied.Routes[1].Destinations!);
        Assert.Equal(("v2", 100), (destination.Subset, destination.Weight));
    }
}
