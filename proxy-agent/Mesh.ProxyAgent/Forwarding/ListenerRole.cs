namespace Mesh.ProxyAgent.Forwarding;

/// <summary>What a listener is for; told by the connection's local port, never by the Host header.</summary>
internal enum ListenerRole
{
    None,
    Outbound,
    Inbound,
    Admin,
}
