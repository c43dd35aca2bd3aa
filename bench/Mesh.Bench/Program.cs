using System.Runtime.InteropServices;
using Mesh.Bench.Common;

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IBenchmark)))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || benchmarks.FirstOrDefault(b => b.Name == args[0]) is not { } benchmark)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Mesh.Bench -- <benchmark> [--option value ...]");
    foreach (var b in benchmarks)
    {
        Console.Error.WriteLine($"  {b.Name,-12} {b.Summary}");
    }

    return 2;
}

var options = new Options(args.Skip(1));
using var stop = new CancellationTokenSource();

// Ctrl-C, SIGTERM (`timeout`) and SIGQUIT end the run the same way: cancelled, so every process it started is stopped.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Cancel);

try
{
    await benchmark.RunAsync(options, stop.Token);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{benchmark.Name}: {e.Message}");
    return 2;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine($"{benchmark.Name}: interrupted; every process it started was stopped");
    return 130;
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
