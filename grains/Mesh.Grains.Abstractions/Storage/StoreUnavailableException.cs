namespace Mesh.Grains.Storage;

/// <summary>
/// The control plane's store refused or could not take a write (an outage): nothing was changed, and the caller
/// may retry. Grains raise it in place of the database driver's own exception, which cannot cross silos.
/// </summary>
[GenerateSerializer, Alias("mesh.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
