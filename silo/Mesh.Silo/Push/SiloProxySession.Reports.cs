using Mesh.Model.Proxies;

namespace Mesh.Silo.Push;

/// <summary>The proxy's sync state (versions sent, ACKed, NACKed), gathered for its grain (see <see cref="SyncReporter"/>).</summary>
internal sealed partial class SiloProxySession
{
    private readonly Dictionary<string, WatchReport> _reports = new(StringComparer.Ordinal);

    /// <summary>
    /// Notes what the proxy was sent or answered about a service it was sent; <see cref="TakeReports"/> hands it to
    /// the proxy's grain later.
    /// </summary>
    /// <returns>Whether this is the first report since the last take (the session must be scheduled for reporting).</returns>
    public bool Report(WatchReport report)
    {
        lock (_gate)
        {
            // An ACK or NACK of a service this session was never sent is a stray (or hostile) report: not kept.
            if (!_sent.ContainsKey(report.Service))
            {
                return false;
            }
        }

        lock (_reports)
        {
            var first = _reports.Count == 0;
            _reports[report.Service] = _reports.TryGetValue(report.Service, out var earlier) ? earlier.Merge(report) : report;
            return first;
        }
    }

    /// <summary>The reports gathered since the last take, coalesced per service.</summary>
    public IReadOnlyList<WatchReport> TakeReports()
    {
        lock (_reports)
        {
            var reports = _reports.Values.ToList();
            _reports.Clear();
            return reports;
        }
    }
}
