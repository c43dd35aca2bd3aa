using Mesh.ProxyAgent.Routing;

namespace Mesh.ProxyAgent.Tests.Routing;

public sealed class ListenerLoopGuardTests
{
    private static string? Check(string outbound, string address) =>
        new ListenerLoopGuard(new Uri(outbound), new Uri("http://127.0.0.1:15000")).OwnListener(new Uri(address));

    [Theory]
    [InlineData("http://127.0.0.1:15001", "http://localhost:15001")]
    [InlineData("http://localhost:15001", "http://127.0.0.1:15001")]
    [InlineData("http://[::1]:15001", "http://127.0.0.1:15001")]
    [InlineData("http://0.0.0.0:15001", "http://localhost:15001")]
    [InlineData("http://[::]:15001", "http://[::1]:15001")]
    [InlineData("http://10.1.2.3:15001", "http://10.1.2.3:15001")]
    public void OwnListener_SameHostAndPort_IsOutbound(string outbound, string address) => Assert.Equal("outbound", Check(outbound, address));

    [Theory]
    [InlineData("http://127.0.0.1:15001", "http://127.0.0.1:15002")]
    [InlineData("http://127.0.0.1:15001", "http://10.1.2.3:15001")]
    [InlineData("http://10.1.2.3:15001", "http://127.0.0.1:15001")]
    public void OwnListener_OtherHostOrPort_IsNull(string outbound, string address) => Assert.Null(Check(outbound, address));

    [Fact]
    public void OwnListener_AdminPort_IsAdmin() => Assert.Equal("admin", Check("http://127.0.0.1:15001", "http://localhost:15000"));
}
