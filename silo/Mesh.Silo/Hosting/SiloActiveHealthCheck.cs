using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mesh.Silo.Hosting;

/// <summary>Healthy once this silo is Active in the membership table, so load balancers skip joining or leaving silos.</summary>
internal sealed class SiloActiveHealthCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(oracle.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {oracle.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"silo {oracle.SiloAddress} is {oracle.CurrentStatus}"));
}
