namespace Mesh.Bench.Common;

/// <summary>One benchmark, run by name: <c>dotnet run -c Release --project bench/Mesh.Bench -- {Name} [--option value ...]</c>.</summary>
public interface IBenchmark
{
    /// <summary>The name on the command line.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Summary { get; }

    /// <summary>Runs within its own time bound, stops every process it started, and publishes its report.</summary>
    Task RunAsync(Options options, CancellationToken cancellationToken);
}
