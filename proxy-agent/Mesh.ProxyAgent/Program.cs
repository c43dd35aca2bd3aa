using Mesh.ProxyAgent.Hosting;

SocketScheduling.PreferInlineCompletions();
var builder = WebApplication.CreateBuilder(args);
var settings = ProxyAgentSettings.Read(builder.Configuration);
if (settings.Options is not { } options)
{
    await Console.Error.WriteLineAsync("Mesh proxy agent cannot start:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", settings.Errors));
    return 2;
}

builder.AddProxyAgent(options);
var app = builder.Build();
app.MapProxyAgent();
await app.RunAsync();
return 0;
