using Mesh.Demo.Hosting;
using Mesh.Demo.Run;

var options = DemoOptions.From(DemoConfiguration.Read(args));
using var signals = StopSignals.Register();
return await new DemoRun(options, Console.Out).RunAsync(signals);
