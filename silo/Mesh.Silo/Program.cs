using Mesh.Silo.Api;
using Mesh.Silo.Discovery;
using Mesh.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
var options = MeshSiloOptions.From(builder.Configuration);
builder.ListenOnMeshUrls(options)
    .AddMeshCluster(options)
    .AddMeshHealth()
    .AddRulesApi()
    .AddDiscovery();

var app = builder.Build();
app.UseListenerSeparation(options);
app.MapMeshHealth();
app.MapRulesApi();
app.MapDiscovery();
await app.PrepareStorageAsync();
await app.RunAsync();
