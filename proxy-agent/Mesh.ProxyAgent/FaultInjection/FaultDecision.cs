namespace Mesh.ProxyAgent.FaultInjection;

/// <summary>
/// The faults one request gets: a delay (zero for none), then an abort with a status (null for none). Both may apply:
/// the request is delayed first, then answered with the status without calling the upstream.
/// </summary>
internal readonly record struct FaultDecision(TimeSpan Delay, int? AbortStatus)
{
    /// <summary>Neither delay nor abort.</summary>
    public static FaultDecision None { get; } = new(TimeSpan.Zero, null);

    /// <summary>Whether to wait <see cref="Delay"/> before going on.</summary>
    public bool IsDelayed => Delay > TimeSpan.Zero;

    /// <summary>Whether to answer <see cref="AbortStatus"/> without calling the upstream.</summary>
    public bool IsAborted => AbortStatus is not null;
}
