using Mesh.Model.Revisions;
using Mesh.Grains.Streams;
using Mesh.Model.Registry;
using Mesh.Model.Routing;
using Mesh.Silo.Push;

namespace Mesh.Silo.Tests.Push;

/// <summary>One service's documents held in memory: each <see cref="Change"/> is an accepted write; reads are counted.</summary>
internal sealed class StoredDocuments(string service) : IServiceDocuments
{
    private readonly object _gate = new();
    private long _version = 1;
    private int _reads;

    /// <summary>How many times a watch read the documents.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>The combined version the next read returns.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public void Change()
    {
        lock (_gate)
        {
            _version++;
        }
    }

    public Task<(ServiceSnapshot Service, DocumentSnapshot<RouteTable> Routes, ServiceConfigVersion Version)> ReadAsync(string name)
    {
        Assert.Equal(service, name);
        Interlocked.Increment(ref _reads);
        var version = Version;
        var snapshot = new ServiceSnapshot
        {
            Name = service,
            ResourceVersion = version,
            Endpoints = [new ServiceEndpoint { Id = "a", Address = "http://127.0.0.1:9001", Labels = new Dictionary<string, string> { ["version"] = "v1" } }],
        };
        return Task.FromResult((snapshot, new DocumentSnapshot<RouteTable> { Service = service, Document = RouteTable.Empty }, new ServiceConfigVersion(version, 0)));
    }
}
