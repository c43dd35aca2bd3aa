using Mesh.Silo.Api;
using Mesh.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
var options = MeshSiloOptions.From(builder.Configuration);
builder.ListenOnApiUrl(options)
    .AddMeshCluster(options)
    .AddMeshHealth()
    .AddRulesApi();

var app = builder.Build();
app.MapMeshHealth();
app.MapRulesApi();
await app.PrepareStorageAsync();
await app.RunAsync();

/// <summary>The silo's entry point; public so functional tests can name the assembly.</summary>
public partial class Program;
