using Mesh.Model.Revisions;

namespace Mesh.Grains.Storage;

/// <summary>
/// The versioned-document mechanism shared by a service's route table and its service policy: a resource version of
/// its own, optimistic concurrency on it, and a bounded history for diff and rollback.
/// </summary>
internal static class RevisionHistory
{
    /// <summary>How many versions a history keeps (the current one included).</summary>
    public const int Limit = 50;

    /// <summary>The revision that follows <paramref name="version"/>.</summary>
    public static Revision<T> Next<T>(long version, T document, DateTimeOffset at, string by, string summary) => new()
    {
        Info = new RevisionInfo { Version = version + 1, At = at, By = by, Summary = summary },
        Document = document,
    };

    /// <summary>The history with <paramref name="revision"/> appended, the oldest dropped beyond <see cref="Limit"/>.</summary>
    public static IReadOnlyList<Revision<T>> Append<T>(IReadOnlyList<Revision<T>> history, Revision<T> revision) =>
        history.Skip(Math.Max(0, history.Count + 1 - Limit)).Append(revision).ToList();

    public static Revision<T>? Find<T>(IReadOnlyList<Revision<T>> history, long version) =>
        history.FirstOrDefault(r => r.Info.Version == version);

    public static IReadOnlyList<RevisionInfo> NewestFirst<T>(IReadOnlyList<Revision<T>> history) =>
        history.Reverse().Select(r => r.Info).ToList();

    /// <summary>Who made the current version and when; <c>null</c> before the first write.</summary>
    public static RevisionInfo? Latest<T>(IReadOnlyList<Revision<T>> history) => history.Count > 0 ? history[^1].Info : null;

    public static DocumentSnapshot<T> Snapshot<T>(string service, long version, T document, IReadOnlyList<Revision<T>> history)
    {
        var latest = Latest(history);
        return new DocumentSnapshot<T> { Service = service, ResourceVersion = version, Document = document, ModifiedAt = latest?.At, ModifiedBy = latest?.By };
    }

    /// <summary>Why a write based on <paramref name="expected"/> is refused, or <c>null</c> when it is based on the current version (or on none).</summary>
    public static string? Stale(string document, long current, long? expected) =>
        expected is { } e && e != current ? $"the {document} is at version {current}, not {e}; reload it and apply your change again" : null;

    /// <summary>The history line of a rollback to <paramref name="target"/>.</summary>
    public static string RollbackSummary<T>(Revision<T> target) => $"rollback to version {target.Info.Version}: {target.Info.Summary}";

    /// <summary>Why a rollback target is not there, naming the kept range.</summary>
    public static string Missing<T>(IReadOnlyList<Revision<T>> history, long version) =>
        history.Count == 0
            ? $"version {version} is not in the history (no versions are kept yet)"
            : $"version {version} is not in the history (kept versions are {history[0].Info.Version} to {history[^1].Info.Version})";
}
