using Mesh.Grains.Cluster;
using Mesh.Silo.Hosting;

namespace Mesh.Silo.Cluster;

/// <summary>Publishes this silo's discovery and API URLs in the silo directory once the silo is up.</summary>
internal sealed partial class SiloDirectoryRegistration(
    IGrainFactory grains, ILocalSiloDetails silo, MeshSiloOptions options, TimeProvider time, ILogger<SiloDirectoryRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var info = new SiloInfo
        {
            Silo = silo.SiloAddress.ToString(),
            DiscoveryUrl = options.DiscoveryUrl.GetLeftPart(UriPartial.Authority),
            ApiUrl = options.ApiUrl.GetLeftPart(UriPartial.Authority),
            StartedAt = time.GetUtcNow(),
        };
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<ISiloDirectoryGrain>(ISiloDirectoryGrain.Key).RegisterAsync(info);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRegisterFailed(e, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish this silo in the silo directory (attempt {Attempt}); retrying")]
    private partial void LogRegisterFailed(Exception exception, int attempt);
}
