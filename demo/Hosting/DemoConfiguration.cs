using Microsoft.Extensions.Configuration;

namespace Mesh.Demo.Hosting;

/// <summary>The launcher's settings come from the environment (<c>Mesh__AdminPassword</c>) and the command line (<c>--Mesh:AdminPassword=…</c>), the latter winning.</summary>
public static class DemoConfiguration
{
    public static IConfiguration Read(string[] args) =>
        new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
}
