using Mesh.ProxyAgent.ControlPlane;

namespace Mesh.ProxyAgent.Tests.ControlPlane;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(0, 0.0, 50)]
    [InlineData(0, 1.0, 100)]
    [InlineData(1, 0.5, 150)]
    [InlineData(3, 1.0, 800)]
    [InlineData(4, 1.0, 1600)]
    [InlineData(5, 1.0, 2000)]
    [InlineData(5, 0.0, 1000)]
    [InlineData(1000, 1.0, 2000)]
    public void Delay_Attempt_DoublesUpToTheCapWithHalfOfItJittered(int attempt, double jitter, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ReconnectBackoff.Delay(attempt, jitter, Initial, Max));
}
