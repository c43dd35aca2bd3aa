using Microsoft.AspNetCore.Components;

namespace Mesh.AdminUi.Components.Parts;

/// <summary>
/// A page that shows live state: it reads once when it starts and then every <see cref="Period"/>, re-rendering
/// through the dispatcher, and stops when the page is left.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();

    /// <summary>The last read failure, shown instead of stale data going unnoticed.</summary>
    protected string? ReadError { get; private set; }

    protected abstract Task ReadAsync();

    protected override async Task OnInitializedAsync()
    {
        await SafeReadAsync();
        _ = RefreshLoopAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(async () =>
                {
                    await SafeReadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
    }

    private async Task SafeReadAsync()
    {
        try
        {
            await ReadAsync();
            ReadError = null;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
        {
            ReadError = $"The cluster could not be read: {e.Message}";
        }
    }
}
