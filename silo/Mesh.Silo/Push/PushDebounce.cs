namespace Mesh.Silo.Push;

/// <summary>How changes in a burst are gathered into one push (<see cref="Discovery.DiscoveryOptions.PushDebounce"/>, <see cref="Discovery.DiscoveryOptions.PushMaxDelay"/>).</summary>
internal sealed record PushDebounce(TimeSpan Quiet, TimeSpan MaxDelay);
