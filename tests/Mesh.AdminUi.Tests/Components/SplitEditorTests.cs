using Bunit;
using Mesh.AdminUi.Components.Parts;
using Mesh.AdminUi.Editing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Mesh.AdminUi.Tests.Components;

public sealed class SplitEditorTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public SplitEditorTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only async-disposable.
    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static SplitPlan NinetyTen() => new("default", ["v1", "v2"], new Dictionary<string, int> { ["v1"] = 90, ["v2"] = 10 });

    private IRenderedComponent<SplitEditor> Render(SplitPlan plan, Action<IReadOnlyDictionary<string, int>>? saved = null) =>
        _context.Render<SplitEditor>(p => p
            .Add(e => e.Plan, plan)
            .Add(e => e.OnSave, (IReadOnlyDictionary<string, int> w) => saved?.Invoke(w)));

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<SplitEditor> editor, string subset)
    {
        var label = editor.FindAll("label").Single(l => l.TextContent.Trim() == subset);
        return editor.Find($"input#{label.GetAttribute("for")}");
    }

    private static AngleSharp.Dom.IElement Save(IRenderedComponent<SplitEditor> editor) =>
        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Save");

    [Fact]
    public void Render_EachSubsetHasAnInputLabelledByItsName_WithTheLoadedShare()
    {
        var editor = Render(NinetyTen());

        Assert.Equal("90", Input(editor, "v1").GetAttribute("value"));
        Assert.Equal("10", Input(editor, "v2").GetAttribute("value"));
        Assert.Contains("Total: 100%", editor.Find("[data-testid=split-total]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_UnchangedSplit_IsDisabled() => Assert.True(Save(Render(NinetyTen())).HasAttribute("disabled"));

    [Fact]
    public void Total_NotHundred_IsFlaggedAndSaveIsDisabled()
    {
        var editor = Render(NinetyTen());

        Input(editor, "v1").Input("70");

        Assert.Contains("Total: 80% (must be 100%)", editor.Find("[data-testid=split-total]").TextContent, StringComparison.Ordinal);
        Assert.True(Save(editor).HasAttribute("disabled"));
    }

    [Fact]
    public void Save_TotalHundred_IsEnabled_AndSendsTheEditedShares_WithAPreview()
    {
        IReadOnlyDictionary<string, int>? saved = null;
        var editor = Render(NinetyTen(), w => saved = w);

        Input(editor, "v1").Input("70");
        Input(editor, "v2").Input("30");
        var preview = editor.Find("[data-testid=split-preview]").TextContent;
        Save(editor).Click();

        Assert.Contains("v1: 90% → 70%", preview, StringComparison.Ordinal);
        Assert.Contains("v2: 10% → 30%", preview, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 70, ["v2"] = 30 }, saved);
    }

    [Theory]
    [InlineData("120", "v2 must be between 0 and 100")]
    [InlineData("-5", "v2 must be between 0 and 100")]
    [InlineData("", "v2 needs a share from 0 to 100")]
    public void Input_OutOfRangeOrEmpty_ShowsAMessageNamingTheSubset_AndSaveIsDisabled(string value, string message)
    {
        var editor = Render(NinetyTen());

        Input(editor, "v2").Input(value);

        Assert.Contains(message, editor.Markup, StringComparison.Ordinal);
        Assert.True(Save(editor).HasAttribute("disabled"));
    }

    [Fact]
    public void NewPlan_WithoutEdits_IsShown_WithUnsavedEdits_KeepsThem()
    {
        var editor = Render(NinetyTen());
        editor.Render(p => p.Add(e => e.Plan, new SplitPlan("default", ["v1", "v2"], new Dictionary<string, int> { ["v1"] = 80, ["v2"] = 20 })));
        var refreshed = Input(editor, "v1").GetAttribute("value");

        Input(editor, "v1").Input("60");
        editor.Render(p => p.Add(e => e.Plan, new SplitPlan("default", ["v1", "v2"], new Dictionary<string, int> { ["v1"] = 50, ["v2"] = 50 })));

        Assert.Equal("80", refreshed);
        Assert.Equal("60", Input(editor, "v1").GetAttribute("value"));
    }

    [Fact]
    public void ReadOnlyUser_CannotEditOrSave()
    {
        var editor = _context.Render<SplitEditor>(p => p.Add(e => e.Plan, NinetyTen()).Add(e => e.CanEdit, false));

        Assert.True(Input(editor, "v1").HasAttribute("disabled"));
        Assert.True(Save(editor).HasAttribute("disabled"));
    }
}
