using Mesh.Demo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Demo.Tests.Compose;

/// <summary>
/// docker-compose.yml read without a Docker engine and checked against the repository: every build context,
/// Dockerfile, copied path, project, entrypoint, setting, URL and port it names exists and agrees with the programs.
/// </summary>
public sealed class DockerComposeTests
{
    private const string AdminPassword = "test-admin-password";
    private const string ProxyAgentDockerfile = "docker/proxy-agent.Dockerfile";

    private static readonly string FilePath = Path.Combine(RepositoryPaths.Root, "docker-compose.yml");
    private static readonly Lazy<ComposeFile> LazyCompose = new(() =>
        ComposeFile.Load(FilePath, new Dictionary<string, string> { ["MESH_ADMIN_PASSWORD"] = AdminPassword }));

    private static ComposeFile Compose => LazyCompose.Value;

    private static IReadOnlyList<ServiceImage> Images =>
        [.. Compose.Services.Values.Where(s => s.BuildContext is not null).Select(s => ServiceImage.Load(Compose, s))];

    private static ServiceImage Image(string name) => Images.Single(i => i.Service.Name == name);

    private static IEnumerable<ServiceImage> Sidecars => Images.Where(i => i.Service.SharesNetworkOf is not null);

    [Fact]
    public void Services_TheDemoTopology_AreExactlyThese()
    {
        Assert.Equal(
            ["admin-ui", "backend-v1-1", "backend-v1-1-proxy", "backend-v1-2", "backend-v1-2-proxy", "backend-v2-1", "backend-v2-1-proxy",
             "frontend", "frontend-proxy", "postgres", "silo"],
            Compose.Services.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_AdminPasswordNotInTheEnvironment_IsRefused()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => ComposeFile.Load(FilePath, new Dictionary<string, string>()));
        Assert.StartsWith("MESH_ADMIN_PASSWORD is required", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_ContextDockerfileAndEveryCopiedPath_Exist()
    {
        var problems = new List<string>();
        foreach (var image in Images)
        {
            foreach (var source in image.Dockerfile.Copies.Where(c => c.From is null).SelectMany(c => c.Sources))
            {
                var path = Path.Combine(image.Context, source);
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    problems.Add($"{image.Service.Name}: COPY {source} does not exist in the build context");
                }
            }

            if (!image.Dockerfile.Restored.SequenceEqual(image.Dockerfile.Published))
            {
                problems.Add($"{image.Service.Name}: restores {string.Join(", ", image.Dockerfile.Restored)} but publishes {string.Join(", ", image.Dockerfile.Published)}");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Builds_CopyEveryProjectThePublishedProjectReferences_AndTheBuildPolicy()
    {
        var problems = new List<string>();
        foreach (var image in Images)
        {
            var copied = image.Dockerfile.Copies.Where(c => c.From is null).SelectMany(c => c.Sources).ToHashSet(StringComparer.Ordinal);
            foreach (var project in image.Project.References.Prepend(image.Project.Path))
            {
                var relative = Path.GetRelativePath(image.Context, project);
                var directory = Path.GetDirectoryName(relative) + "/";
                if (!copied.Contains(relative) || !copied.Contains(directory))
                {
                    problems.Add($"{image.Service.Name}: {relative} and {directory} must both be copied (restore, then build)");
                }
            }

            problems.AddRange(new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" }
                .Where(policy => !copied.Contains(policy)).Select(policy => $"{image.Service.Name}: {policy} is not copied"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Dockerfiles_AreMultiStage_RunAsNonRoot_AndBakeInNoSecrets()
    {
        foreach (var image in Images)
        {
            var stages = image.Dockerfile.Stages;
            Assert.True(stages.Count >= 2, $"{image.DockerfilePath}: one stage");
            Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0], StringComparison.Ordinal);
            Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stages[^1], StringComparison.Ordinal);
            Assert.Equal("$APP_UID", image.Dockerfile.FinalUser);
            Assert.DoesNotContain(image.Dockerfile.EnvironmentLines, l =>
                l.Contains("password", StringComparison.OrdinalIgnoreCase) || l.Contains("ConnectionStrings", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Entrypoints_RunTheAssemblyTheirProjectBuilds()
    {
        Assert.All(Images, image => Assert.Equal($"/app/{image.Project.AssemblyName}.dll", image.Dll));
    }

    [Fact]
    public void Settings_EveryKeyAServicePasses_IsReadByItsProgram()
    {
        var problems = new List<string>();
        foreach (var image in Images)
        {
            foreach (var key in image.Environment.Keys.Where(k => !k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) && !k.StartsWith("DOTNET_", StringComparison.Ordinal)))
            {
                var setting = key.Replace("__", ":", StringComparison.Ordinal);
                if (!image.Project.Reads(setting))
                {
                    problems.Add($"{image.Service.Name}: {setting} is not read by {Path.GetFileName(image.Project.Path)}");
                }
            }
        }

        Assert.Empty(problems);
        Assert.Equal(["POSTGRES_DB", "POSTGRES_PASSWORD", "POSTGRES_USER"], Compose["postgres"].Environment.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sidecars_ShareTheirAppsNetwork_AndAgreeWithTheApp()
    {
        var apps = Images.Where(i => i.Service.SharesNetworkOf is null && i.Project.AssemblyName.StartsWith("Mesh.Demo.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["backend-v1-1", "backend-v1-2", "backend-v2-1", "frontend"], apps.Select(a => a.Service.Name).Order(StringComparer.Ordinal));
        foreach (var app in apps)
        {
            var sidecar = Assert.Single(Sidecars, s => s.Service.SharesNetworkOf == app.Service.Name);
            var env = sidecar.Environment;
            Assert.Equal(ProxyAgentDockerfile, sidecar.Service.Dockerfile);
            Assert.Equal(app.Service.Name, env["Mesh__ProxyId"]);
            Assert.Equal(app.Project.AssemblyName["Mesh.Demo.".Length..].ToLowerInvariant(), env["Mesh__Service"]);
            Assert.Equal(app.Environment.GetValueOrDefault("Demo__Version", "v1"), env["Mesh__Version"]);
            Assert.Equal("127.0.0.1", ServiceImage.Host(env["Mesh__AppUrl"]));
            Assert.Contains(ServiceImage.Port(env["Mesh__AppUrl"]), app.ListenPorts);
            Assert.Empty(app.ListenPorts.Intersect(sidecar.ListenPorts));
            Assert.Contains(sidecar.Service.Name, Compose.Services.Keys);
        }

        var frontend = Image("frontend");
        var frontendProxy = Image("frontend-proxy").Environment;
        Assert.Equal("127.0.0.1", ServiceImage.Host(frontend.Environment["Demo__OutboundUrl"]));
        Assert.Equal(ServiceImage.Port(frontendProxy["Mesh__OutboundUrl"]), ServiceImage.Port(frontend.Environment["Demo__OutboundUrl"]));
        Assert.Equal(frontend.Environment["Demo__Upstream"], frontendProxy["Mesh__Upstreams"]);
        Assert.Contains(Sidecars, s => s.Environment["Mesh__Service"] == frontend.Environment["Demo__Upstream"]);
    }

    [Fact]
    public void Urls_NameServicesAndPortsThatListen()
    {
        var problems = new List<string>();
        foreach (var sidecar in Sidecars)
        {
            foreach (var url in sidecar.Environment["Mesh__ControlPlane"].Split(','))
            {
                var host = ServiceImage.Host(url);
                if (!Compose.Services.ContainsKey(host) || !Image(host).ListenPorts.Contains(ServiceImage.Port(url)))
                {
                    problems.Add($"{sidecar.Service.Name}: control plane {url} is no service listening on that port");
                }
            }
        }

        foreach (var image in Images)
        {
            var listening = image.ListenPorts.ToList();
            problems.AddRange(image.Service.PublishedContainerPorts.Where(p => !listening.Contains(p) || !image.Dockerfile.Exposed.Contains(p))
                .Select(p => $"{image.Service.Name}: publishes {p}, which it does not listen on or expose"));
            if (image.Service.Healthcheck is ["CMD", "http-probe.sh", var port, _] && !listening.Contains(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)))
            {
                problems.Add($"{image.Service.Name}: health check probes port {port}, which it does not listen on");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Postgres_ConnectionStrings_NameThePostgresServiceWithItsCredentials()
    {
        var postgres = Compose["postgres"].Environment;
        var users = Images.Where(i => i.Environment.ContainsKey("ConnectionStrings__Postgres")).ToList();
        Assert.Equal(["admin-ui", "silo"], users.Select(u => u.Service.Name).Order(StringComparer.Ordinal));
        foreach (var user in users)
        {
            var parts = user.Environment["ConnectionStrings__Postgres"].Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
            Assert.Equal("postgres", parts["Host"]);
            Assert.Equal("5432", parts["Port"]);
            Assert.Equal(postgres["POSTGRES_USER"], parts["Username"]);
            Assert.Equal(postgres["POSTGRES_PASSWORD"], parts["Password"]);
            Assert.Equal(postgres["POSTGRES_DB"], parts["Database"]);
        }
    }

    [Fact]
    public void Postgres_IsTheOfficialImageWithAHealthCheck_ThatSilosWaitFor()
    {
        var postgres = Compose["postgres"];
        Assert.StartsWith("postgres:", postgres.Image, StringComparison.Ordinal);
        Assert.Contains("pg_isready", string.Join(' ', postgres.Healthcheck), StringComparison.Ordinal);
        Assert.Equal("service_healthy", Compose["silo"].DependsOn["postgres"]);
    }

    [Fact]
    public void Silo_HasNothingThatStopsScaling_AndAdvertisesItsOwnAddress()
    {
        var silo = Image("silo");
        Assert.Null(silo.Service.ContainerName);
        Assert.Null(silo.Service.Hostname);
        Assert.False(silo.Service.HasFixedHostPort, string.Join(", ", silo.Service.Ports));

        // Per-container values cannot come from the compose file: the entrypoint derives them from the container's IP.
        Assert.DoesNotContain("Orleans__AdvertisedIP", silo.Service.Environment.Keys);
        Assert.DoesNotContain("Mesh__DiscoveryUrl", silo.Service.Environment.Keys);
        Assert.Equal("$ip", silo.ScriptDefaults["Orleans__AdvertisedIP"]);
        Assert.Equal("$ip", ServiceImage.Host(silo.ScriptDefaults["Mesh__DiscoveryUrl"]));
        Assert.Contains("getent ahostsv4 \"$(cat /etc/hostname)\"", File.ReadAllText(silo.EntrypointScript!), StringComparison.Ordinal);
        Assert.All(Sidecars, s => Assert.Equal("$ip", ServiceImage.Host(s.Environment["Mesh__InboundUrl"])));
    }

    [Fact]
    public void DependsOn_NamesServicesOfTheFile_AndWaitsOnlyForHealthChecksThatExist()
    {
        foreach (var service in Compose.Services.Values)
        {
            foreach (var (name, condition) in service.DependsOn)
            {
                Assert.Contains(name, Compose.Services.Keys);
                Assert.Contains(condition, new[] { "service_started", "service_healthy" });
                Assert.True(condition != "service_healthy" || Compose[name].Healthcheck.Count > 0, $"{service.Name} waits for {name}'s health, which has no check");
            }

            Assert.True(service.SharesNetworkOf is null || service.DependsOn.ContainsKey(service.SharesNetworkOf), $"{service.Name} does not depend on the service whose network it shares");
        }

        Assert.Equal(["postgres-data"], Compose.Volumes);
    }
}
