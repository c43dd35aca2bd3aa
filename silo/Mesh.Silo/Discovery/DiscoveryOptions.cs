namespace Mesh.Silo.Discovery;

/// <summary>Timings of proxy sessions and of the pushes to them (<c>Mesh:Discovery:*</c>).</summary>
internal sealed record DiscoveryOptions
{
    /// <summary>How long a sidecar endpoint outlives a session that broke without Goodbye.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the silo renews the leases of its live sessions (well inside <see cref="Lease"/>).</summary>
    public TimeSpan RenewPeriod { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// How often every watched service is compared with its stored version. Streams are the fast path; this is
    /// what makes a lost stream event (a silo died holding its queue) a delay instead of a miss.
    /// </summary>
    public TimeSpan ReconcilePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a new session may take to say Hello.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A change announced within this long of the last push of its service waits until its burst pauses this long
    /// (a change after a quiet spell is pushed at once). Istio debounces every change by 100 ms; this one only bursts.
    /// </summary>
    public TimeSpan PushDebounce { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest a change in a burst waits for the burst to pause.</summary>
    public TimeSpan PushMaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often sessions' sync reports (sent, ACK, NACK) are handed to the proxies' grains, coalesced.</summary>
    public TimeSpan ReportPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a session waits for its own record or the silo directory before going on without (a frozen silo
    /// holding the grain would otherwise hold the proxy's hello until the cluster declares it dead).
    /// </summary>
    public TimeSpan SessionWriteTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a session write that could not be made is tried again.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest accepted proxy message.</summary>
    public int MaxMessageBytes { get; init; } = 256 * 1024;

    public static DiscoveryOptions From(IConfiguration configuration)
    {
        // Settings left out keep their defaults.
        var options = configuration.GetSection("Mesh:Discovery").Get<DiscoveryOptions>() ?? new DiscoveryOptions();
        TimeSpan[] positive = [options.Lease, options.RenewPeriod, options.ReconcilePeriod, options.HelloTimeout, options.PushMaxDelay, options.ReportPeriod, options.SessionWriteTimeout, options.RetryPeriod];
        if (positive.Any(t => t <= TimeSpan.Zero) || options.PushDebounce < TimeSpan.Zero || options.RenewPeriod >= options.Lease || options.MaxMessageBytes <= 0)
        {
            throw new InvalidOperationException(
                "Mesh:Discovery: every period, timeout and PushMaxDelay must be positive, PushDebounce at least 0, RenewPeriod shorter than Lease, MaxMessageBytes positive");
        }

        return options;
    }
}
