using Mesh.Model.Revisions;

namespace Mesh.Grains.Storage;

/// <summary>The bounded history every versioned document keeps for diff and rollback.</summary>
public static class RevisionHistory
{
    /// <summary>How many versions a history keeps (the current one included).</summary>
    public const int Limit = 50;

    /// <summary>The history with <paramref name="revision"/> appended, the oldest dropped beyond <see cref="Limit"/>.</summary>
    public static IReadOnlyList<Revision<T>> Append<T>(IReadOnlyList<Revision<T>> history, Revision<T> revision) =>
        history.Skip(Math.Max(0, history.Count + 1 - Limit)).Append(revision).ToList();

    public static Revision<T>? Find<T>(IReadOnlyList<Revision<T>> history, long version) =>
        history.FirstOrDefault(r => r.Info.Version == version);

    public static IReadOnlyList<RevisionInfo> NewestFirst<T>(IReadOnlyList<Revision<T>> history) =>
        history.Reverse().Select(r => r.Info).ToList();

    /// <summary>Why a rollback target is not there, naming the kept range.</summary>
    public static string Missing<T>(IReadOnlyList<Revision<T>> history, long version) =>
        history.Count == 0
            ? $"version {version} is not in the history (no versions are kept yet)"
            : $"version {version} is not in the history (kept versions are {history[0].Info.Version} to {history[^1].Info.Version})";
}
