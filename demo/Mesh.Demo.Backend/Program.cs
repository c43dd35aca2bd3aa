using Mesh.Demo.Backend.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddBackend();

var app = builder.Build();
app.MapBackend();
await app.RunAsync();
