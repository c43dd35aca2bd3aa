using Mesh.ProxyAgent.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Mesh.ProxyAgent.Tests.Forwarding;

public sealed class HostNamesTests
{
    [Theory]
    [InlineData("svc-b", "svc-b")]
    [InlineData("svc-b:8080", "svc-b")]
    [InlineData("SVC-B:80", "svc-b")]
    [InlineData("svc-b.", "svc-b")]
    [InlineData("svc-b.prod.mesh:15001", "svc-b.prod.mesh")]
    public void ServiceOf_HostHeader_IsTheNameWithoutPortInLowerCase(string host, string expected) => Assert.Equal(expected, HostNames.ServiceOf(host));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("127.0.0.1:15001")]
    [InlineData("[::1]:15001")]
    [InlineData("svc_b")]
    [InlineData("-svc")]
    [InlineData(":80")]
    public void ServiceOf_NoServiceName_IsNull(string? host) => Assert.Null(HostNames.ServiceOf(host));

    [Fact]
    public void ServiceOf_RequestWithHost_UsesTheHostHeader()
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("Svc-C:9000");

        Assert.Equal("svc-c", HostNames.ServiceOf(context.Request));
    }

    [Fact]
    public void ServiceOf_AbsoluteFormWithoutHost_UsesTheTargetAuthority()
    {
        var context = new DefaultHttpContext();
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = "http://svc-d:8080/orders?id=1";

        Assert.Equal("svc-d", HostNames.ServiceOf(context.Request));
    }
}
