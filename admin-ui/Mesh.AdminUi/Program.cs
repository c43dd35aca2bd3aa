using Mesh.AdminUi.Accounts;
using Mesh.AdminUi.Hosting;

if (args is [HashPasswordCommand.Name, ..])
{
    return HashPasswordCommand.Run();
}

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.AddClusterClient(AdminUiOptions.From(builder.Configuration))
    .AddMeshAccounts()
    .AddAdminUi();

var app = builder.Build();
app.MapAdminUi();
app.MapAccounts();
await app.RunAsync();
return 0;
