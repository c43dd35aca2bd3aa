using System.Diagnostics.CodeAnalysis;

namespace Mesh.ProxyAgent.ControlPlane;

/// <summary>
/// The silos this proxy knows: the configured ones (always kept, first, in their order) and the ones the cluster
/// reported last (Welcome, then every SiloList), which replace those it reported before, so a silo that left is
/// forgotten. Reconnects rotate through all of them; Move makes its target current. Used by the control-plane
/// client's loop only (not thread-safe).
/// </summary>
internal sealed class SiloDirectory
{
    private readonly Uri[] _configured;
    private List<Uri> _silos;
    private int _index;

    public SiloDirectory(IEnumerable<Uri> configured)
    {
        _configured = configured.Distinct().ToArray();
        if (_configured.Length == 0)
        {
            throw new ArgumentException("at least one control-plane URL is needed", nameof(configured));
        }

        _silos = [.. _configured];
    }

    public Uri Current => _silos[_index];

    /// <summary>A copy: the configured silos, then the reported ones.</summary>
    public IReadOnlyList<Uri> Known => _silos.ToArray();

    public void Advance() => _index = (_index + 1) % _silos.Count;

    /// <summary>
    /// Makes the valid http(s) URLs of <paramref name="urls"/> (the complete list of live silos, from Welcome or
    /// SiloList) the reported silos, in their order. The current silo stays current while it is known; if it is
    /// gone, the silo now in its place is current (its successor when the order did not change), so a rotation
    /// goes on where it was. Returns what was added and removed.
    /// </summary>
    public (IReadOnlyList<Uri> Added, IReadOnlyList<Uri> Removed) Replace(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var next = new List<Uri>(_configured);
        foreach (var text in urls)
        {
            if (TryParse(text, out var url) && !next.Contains(url))
            {
                next.Add(url);
            }
        }

        var current = Current;
        var added = next.Except(_silos).ToArray();
        var removed = _silos.Except(next).ToArray();
        _silos = next;
        var at = next.IndexOf(current);
        _index = at >= 0 ? at : _index % next.Count;
        return (added, removed);
    }

    /// <summary>
    /// Makes <paramref name="url"/> (a Move's target) current, adding it to the reported silos if it is not known.
    /// False, and nothing changes, when it is not an absolute http(s) URL.
    /// </summary>
    public bool TryMoveTo(string url)
    {
        if (!TryParse(url, out var target))
        {
            return false;
        }

        var at = _silos.IndexOf(target);
        if (at < 0)
        {
            _silos.Add(target);
            at = _silos.Count - 1;
        }

        _index = at;
        return true;
    }

    private static bool TryParse(string text, [NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
