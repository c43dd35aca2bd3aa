using Bunit;
using Mesh.AdminUi.Components.Parts;
using Mesh.Model.Routing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Route = Mesh.Model.Routing.Route;

namespace Mesh.AdminUi.Tests.Components;

public sealed class RouteRulesEditorTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private (RouteTable Table, long BasedOn)? _saved;

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static Route Rule(string name, string header, string value, string subset) => new()
    {
        Name = name,
        Match = new RouteMatch { Headers = new Dictionary<string, StringMatch> { [header] = new() { Exact = value } } },
        Destinations = [new WeightedDestination { Subset = subset, Weight = 100 }],
    };

    private static readonly Route Default = new()
    {
        Name = "default",
        Destinations = [new WeightedDestination { Subset = "v1", Weight = 90 }, new WeightedDestination { Subset = "v2", Weight = 10 }],
    };

    private IRenderedComponent<RouteRulesEditor> Render(params Route[] routes) =>
        _context.Render<RouteRulesEditor>(p => p
            .Add(e => e.Table, new RouteTable { Routes = routes })
            .Add(e => e.Version, 7)
            .Add(e => e.Subsets, ["v1", "v2"])
            .Add(e => e.OnSave, ((RouteTable Table, long BasedOn) edit) => _saved = edit));

    private static void Click(IRenderedComponent<RouteRulesEditor> editor, string text, int index = 0) =>
        editor.FindAll("button").Where(b => b.TextContent.Trim() == text).ElementAt(index).Click();

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<RouteRulesEditor> editor, string label, int index = 0)
    {
        var labels = editor.FindAll("label").Where(l => l.TextContent.Trim() == label).ToList();
        return editor.Find($"input#{labels[index].GetAttribute("for")}");
    }

    [Fact]
    public void Render_ShowsTheRulesInOrder_WithTheirConditions()
    {
        var editor = Render(Rule("beta", "x-group", "beta", "v2"), Rule("staff", "x-staff", "1", "v2"), Default);

        Assert.Equal(2, editor.FindAll("[data-testid=rule]").Count);
        Assert.Equal("beta", Input(editor, "Rule name", 0).GetAttribute("value"));
        Assert.Equal("staff", Input(editor, "Rule name", 1).GetAttribute("value"));
        Assert.Equal("x-group", Input(editor, "Name", 0).GetAttribute("value"));
    }

    [Fact]
    public void MoveDownThenSave_SwapsTheRules_KeepsTheSplitLast_AndSendsTheLoadedVersion()
    {
        var editor = Render(Rule("beta", "x-group", "beta", "v2"), Rule("staff", "x-staff", "1", "v2"), Default);

        Click(editor, "Move down", 0);
        Click(editor, "Save rules");

        Assert.Equal(["staff", "beta", "default"], _saved!.Value.Table.Routes!.Select(r => r.Name));
        Assert.Equal(Default, _saved.Value.Table.Routes![2]);
        Assert.Equal(7, _saved.Value.BasedOn);
    }

    [Fact]
    public void RemoveThenSave_DropsTheRule()
    {
        var editor = Render(Rule("beta", "x-group", "beta", "v2"), Default);

        Click(editor, "Remove rule");
        Click(editor, "Save rules");

        Assert.Equal(["default"], _saved!.Value.Table.Routes!.Select(r => r.Name));
    }

    [Fact]
    public void AddRuleWithAHeaderCondition_SavesAMatchOnThatHeaderBeforeTheSplit()
    {
        var editor = Render(Default);

        Click(editor, "Add rule");
        Input(editor, "Name").Input("x-user-group");
        Input(editor, "Value").Input("beta");
        Click(editor, "Save rules");

        var rule = _saved!.Value.Table.Routes![0];
        Assert.Equal("rule-1", rule.Name);
        Assert.Equal("beta", rule.Match!.Headers!["x-user-group"].Exact);
        Assert.Equal(("v2", 100), (rule.Destinations![0].Subset, rule.Destinations[0].Weight));
        Assert.Equal("default", _saved.Value.Table.Routes[1].Name);
    }

    [Fact]
    public void Save_KeepsARulesOtherSettings()
    {
        var rule = Rule("beta", "x-group", "beta", "v2") with
        {
            Timeout = "2s",
            Retries = new RouteRetries { Attempts = 2, RetryOn = ["5xx"] },
            Mirror = new RouteMirror { Subset = "v1", Percent = 10 },
        };
        var editor = Render(rule, Default);

        Click(editor, "Save rules");

        var saved = _saved!.Value.Table.Routes![0];
        Assert.Equal((rule.Timeout, rule.Retries, rule.Mirror), (saved.Timeout, saved.Retries, saved.Mirror));
        Assert.Equal("beta", saved.Match!.Headers!["x-group"].Exact);
    }
}
