using Bunit;
using Mesh.AdminUi.Components.Parts;
using Mesh.Model.Registry;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Mesh.AdminUi.Tests.Components;

public sealed class PolicyEditorTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private (ServiceSettings Policy, long BasedOn)? _saved;

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<PolicyEditor> Render(ServiceSettings policy) =>
        _context.Render<PolicyEditor>(p => p
            .Add(e => e.Policy, policy)
            .Add(e => e.Version, 3)
            .Add(e => e.OnSave, ((ServiceSettings Policy, long BasedOn) edit) => _saved = edit));

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<PolicyEditor> editor, string label) =>
        editor.Find($"input#{editor.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for")}");

    private static void Save(IRenderedComponent<PolicyEditor> editor) =>
        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Save policy").Click();

    [Fact]
    public void SwitchingOnRateLimit_SavesItWithTheEnteredRate_KeepingSubsetsAndTheLoadedVersion()
    {
        var subsets = new[] { new SubsetDefinition { Name = "v1", Labels = new Dictionary<string, string> { ["version"] = "v1" } } };
        var editor = Render(new ServiceSettings { Subsets = subsets });

        var switches = editor.FindAll("input[type=checkbox]");
        switches[^1].Change(true);
        Input(editor, "Requests per second").Input("250");
        Save(editor);

        Assert.Equal((250, 20, "instance"), (_saved!.Value.Policy.RateLimit!.RequestsPerSecond, _saved.Value.Policy.RateLimit.Burst, _saved.Value.Policy.RateLimit.Scope));
        Assert.Equal(subsets, _saved.Value.Policy.Subsets);
        Assert.Null(_saved.Value.Policy.CircuitBreaker);
        Assert.Equal(3, _saved.Value.BasedOn);
    }

    [Fact]
    public void LoadedCircuitBreaker_IsShownAndSavedUnchanged_RoundRobinStaysImplicit()
    {
        var editor = Render(new ServiceSettings { CircuitBreaker = new CircuitBreakerPolicy { MaxConcurrentRequests = 7, MaxPendingRequests = 3 } });

        var shown = Input(editor, "Max concurrent requests").GetAttribute("value");
        Save(editor);

        Assert.Equal("7", shown);
        Assert.Equal(new CircuitBreakerPolicy { MaxConcurrentRequests = 7, MaxPendingRequests = 3 }, _saved!.Value.Policy.CircuitBreaker);
        Assert.Null(_saved.Value.Policy.LoadBalancer);
    }
}
