using Mesh.ProxyAgent.Hosting;

namespace Mesh.ProxyAgent.Forwarding;

/// <summary>Local port → listener role. The settings guarantee the three ports differ.</summary>
internal sealed class ListenerMap(ProxyAgentOptions options)
{
    private readonly int _outbound = options.OutboundUrl.Port;
    private readonly int _inbound = options.InboundUrl.Port;
    private readonly int _admin = options.AdminUrl.Port;

    public ListenerRole RoleOf(int localPort) =>
        localPort == _outbound ? ListenerRole.Outbound
        : localPort == _inbound ? ListenerRole.Inbound
        : localPort == _admin ? ListenerRole.Admin
        : ListenerRole.None;
}
