namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// The silos this proxy knows: the configured ones plus every discovery URL the cluster reported in Welcome.
/// Reconnects rotate through all of them. Used by the control-plane client's loop only (not thread-safe).
/// </summary>
public sealed class SiloDirectory
{
    private readonly List<Uri> _silos;
    private int _index;

    public SiloDirectory(IEnumerable<Uri> configured)
    {
        _silos = configured.Distinct().ToList();
        if (_silos.Count == 0)
        {
            throw new ArgumentException("at least one control-plane URL is needed", nameof(configured));
        }
    }

    public Uri Current => _silos[_index];

    public IReadOnlyList<Uri> Known => _silos.ToArray();

    public void Advance() => _index = (_index + 1) % _silos.Count;

    /// <summary>Adds the reported URLs not yet known (silos are never forgotten); returns how many were new.</summary>
    public int Merge(IEnumerable<string> urls)
    {
        var added = 0;
        foreach (var text in urls)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var url)
                && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                && !_silos.Contains(url))
            {
                _silos.Add(url);
                added++;
            }
        }

        return added;
    }
}
