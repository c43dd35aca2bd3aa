using Mesh.ProxyAgent.Resilience;
using Mesh.ProxyAgent.Routing;
using Microsoft.Extensions.Time.Testing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;

namespace Mesh.ProxyAgent.Tests.Resilience;

public sealed class OutlierDetectorsTests
{
    private static AgentServiceSnapshot Snapshot(long version, int consecutive5xx, params string[] endpointIds)
    {
        var config = Service("svc-b", version);
        for (var i = 0; i < endpointIds.Length; i++)
        {
            config.WithEndpoint(endpointIds[i], $"http://127.0.0.1:{9001 + i}");
        }

        config.Policy = new Mesh.Protos.Discovery.V1.ServicePolicy
        {
            OutlierDetection = new Mesh.Protos.Discovery.V1.OutlierDetection { Consecutive5Xx = consecutive5xx, BaseEjectionMs = 30_000, MaxEjectionPercent = 50 },
        };
        return AgentConfigCompiler.Compile(config, DefaultGuard).Snapshot!;
    }

    [Fact]
    public void For_NewVersionWithTheSameOptions_KeepsEjections()
    {
        var detectors = new OutlierDetectors(new FakeTimeProvider());
        var detector = detectors.For(Snapshot(1, 1, "b-1", "b-2"));
        Assert.True(detector.ReportFailure("b-1"));

        var next = detectors.For(Snapshot(2, 1, "b-1", "b-2", "b-3"));

        Assert.Same(detector, next);
        Assert.True(next.IsEjected("b-1"));
    }

    [Fact]
    public void For_NewEndpoint_IsTrackedFromTheFirstRequestOfItsVersion()
    {
        var detectors = new OutlierDetectors(new FakeTimeProvider());
        detectors.For(Snapshot(1, 1, "b-1", "b-2"));

        var detector = detectors.For(Snapshot(2, 1, "b-1", "b-2", "b-3"));

        Assert.True(detector.ReportFailure("b-3"));
    }

    [Fact]
    public void For_ChangedOptions_StartsAFreshDetector()
    {
        var detectors = new OutlierDetectors(new FakeTimeProvider());
        var detector = detectors.For(Snapshot(1, 1, "b-1", "b-2"));
        detector.ReportFailure("b-1");

        var next = detectors.For(Snapshot(2, 3, "b-1", "b-2"));

        Assert.NotSame(detector, next);
        Assert.False(next.IsEjected("b-1"));
    }
}
