using Microsoft.Extensions.Time.Testing;

namespace Mesh.Silo.Tests.Infrastructure;

/// <summary>
/// A fake clock that says when its first timer was created. A hosted service's loop starts on the thread pool, so a
/// test awaits <see cref="FirstTimer"/> before it advances the clock: advancing earlier would start the timer late.
/// </summary>
internal sealed class TimerClock() : FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero))
{
    private readonly TaskCompletionSource _firstTimer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstTimer => _firstTimer.Task.WaitAsync(TimeSpan.FromSeconds(10));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _firstTimer.TrySetResult();
        return timer;
    }
}
