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
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

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
