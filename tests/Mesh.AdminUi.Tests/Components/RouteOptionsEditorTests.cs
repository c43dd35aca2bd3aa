using Bunit;
using Mesh.AdminUi.Components.Parts;
using Mesh.Model.Routing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Route = Mesh.Model.Routing.Route;

namespace Mesh.AdminUi.Tests.Components;

public sealed class RouteOptionsEditorTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private (RouteTable Table, long BasedOn)? _saved;

    private static readonly Route Beta = new()
    {
        Name = "beta",
        Match = new RouteMatch { Methods = ["GET"] },
        Destinations = [new WeightedDestination { Subset = "v2", Weight = 100 }],
    };

    private static readonly Route Default = new()
    {
        Name = "default",
        Destinations = [new WeightedDestination { Subset = "v1", Weight = 90 }, new WeightedDestination { Subset = "v2", Weight = 10 }],
        Retries = new RouteRetries { Attempts = 3, RetryOn = ["5xx"] },
    };

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<RouteOptionsEditor> Render(string route = "default") =>
        _context.Render<RouteOptionsEditor>(p => p
            .Add(e => e.Table, new RouteTable { Routes = [Beta, Default] })
            .Add(e => e.RouteName, route)
            .Add(e => e.Version, 4)
            .Add(e => e.Subsets, ["v1", "v2"])
            .Add(e => e.OnSave, ((RouteTable Table, long BasedOn) edit) => _saved = edit));

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<RouteOptionsEditor> editor, string label) =>
        editor.Find($"input#{editor.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for")}");

    [Fact]
    public void SetTimeoutAndAbort_SavesThemOnTheRoute_KeepingItsSplitRetriesAndTheOtherRoutes()
    {
        var editor = Render();

        var loadedAttempts = Input(editor, "Attempts").GetAttribute("value");
        Input(editor, "Timeout").Input("2s");
        var switches = editor.FindAll("input[type=checkbox]");
        switches[2].Change(true);
        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Save route settings").Click();

        Assert.Equal("3", loadedAttempts);
        var (table, basedOn) = _saved!.Value;
        Assert.Equal(4, basedOn);
        Assert.Equal(Beta, table.Routes![0]);
        var saved = table.Routes[1];
        Assert.Equal(("2s", 5.0, 503), (saved.Timeout, saved.Fault!.Abort!.Percent!.Value, saved.Fault.Abort.HttpStatus!.Value));
        Assert.Equal(Default.Destinations, saved.Destinations);
        Assert.Equal(3, saved.Retries!.Attempts);
        Assert.Null(saved.Mirror);
    }

    [Fact]
    public void ARulesSettings_AreEditedOnThatRuleOnly()
    {
        var editor = Render("beta");

        Input(editor, "Timeout").Input("750ms");
        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Save route settings").Click();

        var routes = _saved!.Value.Table.Routes!;
        Assert.Equal(Beta with { Timeout = "750ms" }, routes[0] with { Destinations = Beta.Destinations });
        Assert.Equal(Default, routes[1]);
    }
}
