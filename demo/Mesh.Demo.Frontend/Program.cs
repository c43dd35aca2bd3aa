using Mesh.Demo.Frontend.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFrontend();

var app = builder.Build();
app.MapFrontend();
await app.RunAsync();
