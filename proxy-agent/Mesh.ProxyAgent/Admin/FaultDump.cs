using System.Text.Json.Serialization;
using Mesh.ProxyAgent.FaultInjection;

namespace Mesh.ProxyAgent.Admin;

/// <summary>A route's fault in the Rules API's shape; a fault that never happens is left out.</summary>
public sealed record FaultDump
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FaultDelayDump? Delay { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FaultAbortDump? Abort { get; init; }

    public static FaultDump From(FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new()
        {
            Delay = plan.DelayPercent > 0 ? new FaultDelayDump { Percent = plan.DelayPercent, FixedDelay = DurationText.Format(plan.FixedDelay) } : null,
            Abort = plan.AbortPercent > 0 ? new FaultAbortDump { Percent = plan.AbortPercent, HttpStatus = plan.AbortStatus } : null,
        };
    }
}
