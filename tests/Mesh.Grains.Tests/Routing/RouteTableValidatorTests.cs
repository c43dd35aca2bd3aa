using Mesh.Grains.Routing;
using Mesh.Model.Routing;

namespace Mesh.Grains.Tests.Routing;

public sealed class RouteTableValidatorTests
{
    private static RouteTable Table(params Route[] routes) => new() { Routes = routes };

    private static Route Split(string name, params (string Subset, int? Weight)[] destinations) => new()
    {
        Name = name,
        Destinations = destinations.Select(d => new WeightedDestination { Subset = d.Subset, Weight = d.Weight }).ToList(),
    };

    private static string[] Paths(RouteTable? table) => RouteTableValidator.Validate(table).Errors.Select(e => e.Path).ToArray();

    [Fact]
    public void Validate_NinetyTenSplit_IsAccepted()
    {
        var (table, errors) = RouteTableValidator.Validate(Table(Split("default", ("v1", 90), ("v2", 10))));

        Assert.Empty(errors);
        Assert.Equal([90, 10], table!.Routes![0].Destinations!.Select(d => d.Weight!.Value));
    }

    [Fact]
    public void Validate_EmptyRoutes_IsAccepted() => Assert.Empty(Paths(Table()));

    [Fact]
    public void Validate_MissingRoutes_NamesRoutes() => Assert.Equal(["routes"], Paths(new RouteTable()));

    [Fact]
    public void Validate_LoneDestinationWithoutWeight_GetsAllTraffic()
    {
        var (table, errors) = RouteTableValidator.Validate(Table(Split("default", ("v1", null))));

        Assert.Empty(errors);
        Assert.Equal(100, table!.Routes![0].Destinations![0].Weight);
    }

    [Fact]
    public void Validate_WeightsNotSummingTo100_NamesTheDestinations()
    {
        var (_, errors) = RouteTableValidator.Validate(Table(Split("a", ("v1", 90), ("v2", 5))));

        var error = Assert.Single(errors);
        Assert.Equal("routes[0].destinations", error.Path);
        Assert.Contains("sum to 95", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeWeight_NamesTheWeight() =>
        Assert.Equal(["routes[1].destinations[0].weight"], Paths(Table(Split("a", ("v1", 100)), Split("b", ("v1", -10), ("v2", 100)))));

    [Fact]
    public void Validate_WeightAbove100_NamesTheWeight() =>
        Assert.Equal(["routes[0].destinations[1].weight"], Paths(Table(Split("a", ("v1", 0), ("v2", 101)))));

    [Fact]
    public void Validate_MissingWeightBesideOthers_NamesTheWeight() =>
        Assert.Equal(["routes[0].destinations[1].weight"], Paths(Table(Split("a", ("v1", 100), ("v2", null)))));

    [Fact]
    public void Validate_DestinationWithoutSubset_NamesTheSubset() =>
        Assert.Equal(["routes[0].destinations[0].subset"], Paths(Table(new Route
        {
            Name = "a",
            Destinations = [new WeightedDestination { Weight = 100 }],
        })));

    [Fact]
    public void Validate_DuplicateRouteNames_NamesTheSecond() =>
        Assert.Equal(["routes[1].name"], Paths(Table(Split("a", ("v1", 100)), Split("a", ("v2", 100)))));

    [Fact]
    public void Validate_SubsetTwiceInOneRoute_NamesTheSecond() =>
        Assert.Equal(["routes[0].destinations[1].subset"], Paths(Table(Split("a", ("v1", 50), ("v1", 50)))));

    [Fact]
    public void Validate_RouteWithoutDestinations_NamesDestinations() =>
        Assert.Equal(["routes[0].destinations"], Paths(Table(new Route { Name = "a", Destinations = [] })));

    [Theory]
    [InlineData("")]
    [InlineData("-a")]
    [InlineData("has space")]
    [InlineData("a\n")]
    public void Validate_BadRouteName_NamesTheName(string name) =>
        Assert.Equal(["routes[0].name"], Paths(Table(Split(name, ("v1", 100)))));

    [Fact]
    public void Validate_SeveralErrors_ReportsEachOne() =>
        Assert.Equal(
            ["routes[0].destinations[0].subset", "routes[1].name", "routes[1].destinations"],
            Paths(Table(
                new Route { Name = "a", Destinations = [new WeightedDestination { Weight = 100 }] },
                Split("a", ("v1", 60), ("v2", 60)))));

    [Fact]
    public void Validate_TooManyRoutes_IsRefused() =>
        Assert.Equal(["routes"], Paths(Table(Enumerable.Range(0, RouteTableValidator.MaxRoutes + 1).Select(i => Split($"r{i}", ("v1", 100))).ToArray())));
}
