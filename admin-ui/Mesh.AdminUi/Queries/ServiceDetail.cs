using Mesh.Grains.Streams;
using Mesh.Model.Proxies;
using Mesh.Model.Registry;
using Mesh.Model.Revisions;
using Mesh.Model.Routing;

namespace Mesh.AdminUi.Queries;

/// <summary>Everything the service page shows, read at one moment.</summary>
public sealed record ServiceDetail(
    ServiceSnapshot Service,
    DocumentSnapshot<RouteTable> Routes,
    IReadOnlyList<RevisionInfo> History,
    IReadOnlyList<ServiceWatcher> Watchers,
    IReadOnlyDictionary<string, string?> SiloOfProxy,
    DocumentSnapshot<ServiceSettings> Policy,
    ServiceConfigVersion ConfigVersion);

/// <summary>A connected proxy watching the service, and where it stands.</summary>
public sealed record ServiceWatcher(ProxyStatus Proxy, WatchStatus Watch);
