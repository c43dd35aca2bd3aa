namespace Mesh.Model.Proxies;

/// <summary>
/// What a silo learned of one proxy's standing with one watched service since its last report: the newest version
/// sent, ACKed and NACKed (with the reason). Reports are coalesced, so one may cover several pushes.
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.WatchReport")]
public sealed record WatchReport
{
    [Id(0)] public required string Service { get; init; }

    [Id(1)] public long? Sent { get; init; }

    [Id(2)] public long? Acked { get; init; }

    [Id(3)] public long? Nacked { get; init; }

    /// <summary>The reason given with <see cref="Nacked"/>.</summary>
    [Id(4)] public string? Error { get; init; }

    /// <summary>Folds a later report about the same service into this one.</summary>
    public WatchReport Merge(WatchReport later) => new()
    {
        Service = Service,
        Sent = Max(Sent, later.Sent),
        Acked = Max(Acked, later.Acked),
        Nacked = later.Nacked is not null && later.Nacked >= (Nacked ?? 0) ? later.Nacked : Nacked,
        Error = later.Nacked is not null && later.Nacked >= (Nacked ?? 0) ? later.Error : Error,
    };

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
