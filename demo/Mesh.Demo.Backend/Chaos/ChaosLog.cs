namespace Mesh.Demo.Backend.Chaos;

internal static partial class ChaosLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Chaos set: {LatencyMs} ms latency, {FailurePercent}% failures")]
    public static partial void Changed(ILogger logger, int latencyMs, int failurePercent);
}
