using Mesh.Silo.Discovery;
using Microsoft.Extensions.Configuration;

namespace Mesh.Silo.Tests.Discovery;

public sealed class DiscoveryOptionsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void From_NoSettings_Defaults()
    {
        Assert.Equal(new DiscoveryOptions(), DiscoveryOptions.From(Configuration()));
    }

    [Fact]
    public void From_PushSettings_ReadFromMeshDiscovery()
    {
        var options = DiscoveryOptions.From(Configuration(
            ("Mesh:Discovery:PushDebounce", "00:00:00.250"),
            ("Mesh:Discovery:PushMaxDelay", "00:00:03"),
            ("Mesh:Discovery:ReportPeriod", "00:00:00.5"),
            ("Mesh:Discovery:MaxMessageBytes", "1048576")));

        Assert.Equal(new DiscoveryOptions
        {
            PushDebounce = TimeSpan.FromMilliseconds(250),
            PushMaxDelay = TimeSpan.FromSeconds(3),
            ReportPeriod = TimeSpan.FromMilliseconds(500),
            MaxMessageBytes = 1_048_576,
        }, options);
    }

    [Theory]
    [InlineData("Mesh:Discovery:RenewPeriod", "00:00:05")]
    [InlineData("Mesh:Discovery:ReportPeriod", "00:00:00")]
    [InlineData("Mesh:Discovery:PushDebounce", "-00:00:01")]
    public void From_InvalidSetting_Throws(string key, string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => DiscoveryOptions.From(Configuration((key, value))));
        Assert.StartsWith("Mesh:Discovery:", e.Message, StringComparison.Ordinal);
    }
}
