using Mesh.ProxyAgent.Hosting;
using Mesh.Model.Naming;
using Microsoft.Extensions.Configuration;

namespace Mesh.ProxyAgent.Tests.Hosting;

public sealed class ProxyAgentSettingsTests
{
    private static SettingsResult Read(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Mesh:ControlPlane"] = "http://127.0.0.1:15010",
            ["Mesh:Service"] = "svc-a",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return ProxyAgentSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    private static string SingleError(params (string Key, string Value)[] settings)
    {
        var result = Read(settings);
        Assert.Null(result.Options);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Read_RequiredSettingsOnly_AppliesTheDefaults()
    {
        var options = Read().Options!;

        Assert.Equal([new Uri("http://127.0.0.1:15010")], options.ControlPlane);
        Assert.Equal("svc-a", options.Service);
        Assert.Null(options.Version);
        Assert.Null(options.AppUrl);
        Assert.Equal(new Uri("http://127.0.0.1:15006"), options.InboundUrl);
        Assert.Equal(new Uri("http://127.0.0.1:15001"), options.OutboundUrl);
        Assert.Equal(new Uri("http://127.0.0.1:15000"), options.AdminUrl);
        Assert.Empty(options.Upstreams);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Drain);
        Assert.StartsWith("svc-a-", options.ProxyId, StringComparison.Ordinal);
        Assert.True(NameRules.IsId(options.ProxyId));
        Assert.Empty(options.Labels);
        Assert.Null(options.RegisteredAddress);
    }

    [Fact]
    public void Read_EverySetting_IsTakenAsGiven()
    {
        var options = Read(
            ("Mesh:ControlPlane", "http://127.0.0.1:15010, http://127.0.0.1:15011"),
            ("Mesh:Version", "v2"),
            ("Mesh:ProxyId", "svc-a-1"),
            ("Mesh:AppUrl", "http://127.0.0.1:8080"),
            ("Mesh:InboundUrl", "http://127.0.0.1:25006"),
            ("Mesh:OutboundUrl", "http://localhost:25001"),
            ("Mesh:AdminUrl", "http://[::1]:25000"),
            ("Mesh:Upstreams", "svc-b, SVC-C,svc-b"),
            ("Mesh:DrainSeconds", "0")).Options!;

        Assert.Equal([new Uri("http://127.0.0.1:15010"), new Uri("http://127.0.0.1:15011")], options.ControlPlane);
        Assert.Equal("v2", options.Version);
        Assert.Equal("svc-a-1", options.ProxyId);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.AppUrl);
        Assert.Equal(25006, options.InboundUrl.Port);
        Assert.Equal(25001, options.OutboundUrl.Port);
        Assert.Equal(25000, options.AdminUrl.Port);
        Assert.Equal(["svc-b", "svc-c"], options.Upstreams);
        Assert.Equal(TimeSpan.Zero, options.Drain);
        Assert.Equal(new Dictionary<string, string> { ["version"] = "v2" }, options.Labels);
        Assert.Equal("http://127.0.0.1:25006", options.RegisteredAddress);
    }

    [Fact]
    public void Read_NothingSet_NamesBothRequiredSettings()
    {
        var result = ProxyAgentSettings.Read(new ConfigurationBuilder().Build());

        Assert.Null(result.Options);
        Assert.Collection(
            result.Errors,
            e => Assert.StartsWith("Mesh:ControlPlane is required", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mesh:Service is required", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mesh:ControlPlane", "http://127.0.0.1:15010,ftp://x", "Mesh:ControlPlane entry 'ftp://x' is not an absolute http or https URL")]
    [InlineData("Mesh:Service", "Svc_A", "Mesh:Service 'Svc_A' is not a service name")]
    [InlineData("Mesh:Version", "v 1", "Mesh:Version 'v 1' is not a label value")]
    [InlineData("Mesh:ProxyId", "-a", "Mesh:ProxyId '-a' is not a proxy id")]
    [InlineData("Mesh:AppUrl", "127.0.0.1:8080", "Mesh:AppUrl '127.0.0.1:8080' is not an absolute http or https URL")]
    [InlineData("Mesh:InboundUrl", "https://127.0.0.1:25006", "Mesh:InboundUrl 'https://127.0.0.1:25006' is not an absolute http URL")]
    [InlineData("Mesh:OutboundUrl", "http://127.0.0.1:0", "Mesh:OutboundUrl 'http://127.0.0.1:0' must name a fixed port")]
    [InlineData("Mesh:AdminUrl", "http://example.com:25000", "Mesh:AdminUrl 'http://example.com:25000' must bind an IP address or localhost")]
    [InlineData("Mesh:AdminUrl", "http://127.0.0.1:25000/admin", "Mesh:AdminUrl 'http://127.0.0.1:25000/admin' must be scheme, host and port only")]
    [InlineData("Mesh:Upstreams", "svc-b,svc_c", "Mesh:Upstreams entry 'svc_c' is not a service name")]
    [InlineData("Mesh:DrainSeconds", "two", "Mesh:DrainSeconds 'two' is not a whole number of seconds from 0 to 300")]
    [InlineData("Mesh:DrainSeconds", "-1", "Mesh:DrainSeconds '-1' is not a whole number of seconds from 0 to 300")]
    [InlineData("Mesh:DrainSeconds", "301", "Mesh:DrainSeconds '301' is not a whole number of seconds from 0 to 300")]
    public void Read_BadSetting_FailsNamingIt(string key, string value, string expectedStart) =>
        Assert.StartsWith(expectedStart, SingleError((key, value)), StringComparison.Ordinal);

    [Fact]
    public void Read_TwoListenersOnOnePort_FailsNamingTheListeners()
    {
        var error = SingleError(("Mesh:InboundUrl", "http://127.0.0.1:15001"));

        Assert.Equal(
            "Mesh:InboundUrl, Mesh:OutboundUrl and Mesh:AdminUrl must use three different ports (they are 15001, 15001 and 15000): requests are dispatched by local port",
            error);
    }

    [Fact]
    public void GenerateProxyId_LongServiceName_IsAValidIdOfAtMost128Characters()
    {
        var id = ProxyAgentSettings.GenerateProxyId(new string('s', 200));

        Assert.Equal(128, id.Length);
        Assert.True(NameRules.IsId(id));
    }

    [Fact]
    public void GenerateProxyId_TwoCalls_GiveDifferentIds() =>
        Assert.NotEqual(ProxyAgentSettings.GenerateProxyId("svc-a"), ProxyAgentSettings.GenerateProxyId("svc-a"));
}
