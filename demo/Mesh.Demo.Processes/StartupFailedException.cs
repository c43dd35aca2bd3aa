namespace Mesh.Demo.Processes;

/// <summary>A program did not come up; names it and where its log is.</summary>
public sealed class StartupFailedException : Exception
{
    public StartupFailedException(string message, ChildProcess? process = null)
        : base(message)
    {
        Process = process;
    }

    public StartupFailedException()
    {
    }

    public StartupFailedException(string message)
        : base(message)
    {
    }

    public StartupFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The program that failed, whose log tail is worth showing.</summary>
    public ChildProcess? Process { get; }
}
