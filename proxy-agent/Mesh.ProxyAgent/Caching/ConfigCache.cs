using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Hosting;
using Mesh.Model.Naming;

namespace Mesh.ProxyAgent.Caching;

/// <summary>
/// The files of <c>Mesh:CacheDir</c>: one per service, <c>{service}.config</c> in the <see cref="CacheFile"/> form.
/// A file is replaced atomically: the new content is written to a temporary file in the same directory, flushed to
/// disk, then renamed over the old one, so a reader (or an agent starting after a crash) sees the old config or the
/// new one, never a torn mix. Every failure is logged and reported as "no cached config": the cache can make the
/// agent more available, never less. One directory per proxy: two agents sharing one would overwrite each other.
/// </summary>
internal sealed partial class ConfigCache(ProxyAgentOptions options, TimeProvider time, ILogger<ConfigCache> logger)
{
    public const string Extension = ".config";

    private const string TempExtension = ".tmp";

    /// <summary>A temporary file this old was left by a crash mid-write (a write takes milliseconds).</summary>
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(1);

    /// <summary>Whether <c>Mesh:CacheDir</c> is set.</summary>
    public bool Enabled => options.CacheDir is not null;

    /// <summary>Where <paramref name="service"/>'s config is kept (the cache must be enabled).</summary>
    public string PathOf(string service) =>
        Path.Combine(options.CacheDir ?? throw new InvalidOperationException("Mesh:CacheDir is not set"), service + Extension);

    /// <summary>Replaces the cached config of <paramref name="config"/>'s service; false (logged) when it could not.</summary>
    public bool Write(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (options.CacheDir is not { } dir || !NameRules.IsServiceName(config.Service))
        {
            return false;
        }

        var temp = Path.Combine(dir, $".{config.Service}.{Guid.NewGuid():N}{TempExtension}");
        try
        {
            Directory.CreateDirectory(dir);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(CacheFile.Encode(config));
                file.Flush(flushToDisk: true);
            }

            // rename(2): atomic on one file system, which the temporary file shares with the target.
            File.Move(temp, PathOf(config.Service), overwrite: true);
            LogWritten(config.Service, config.Version);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(config.Service, config.Version, ex.Message);
            TryDelete(temp);
            return false;
        }
    }

    /// <summary>
    /// The cached config of <paramref name="service"/> as it was pushed, or null when there is none or it cannot be
    /// used (unreadable, corrupt, another format, or another service's): logged, never thrown. The caller still
    /// validates it as it validates a push.
    /// </summary>
    public ServiceConfig? Read(string service)
    {
        if (!Enabled || !NameRules.IsServiceName(service))
        {
            return null;
        }

        var path = PathOf(service);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            if (info.Length > CacheFile.MaxLength)
            {
                LogUnusable(service, path, $"{info.Length} bytes is more than the {CacheFile.MaxLength} a cache file may have");
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogUnusable(service, path, ex.Message);
            return null;
        }

        if (!CacheFile.TryDecode(bytes, out var config, out var error))
        {
            LogUnusable(service, path, error);
            return null;
        }

        if (config!.Service != service)
        {
            LogUnusable(service, path, $"it holds the config of '{config.Service}'");
            return null;
        }

        return config;
    }

    /// <summary>When the cached config of <paramref name="service"/> was written, or null when there is none.</summary>
    public DateTimeOffset? SavedAt(string service)
    {
        var info = new FileInfo(PathOf(service));
        return info.Exists ? new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) : null;
    }

    /// <summary>Deletes the temporary files that writes interrupted by a crash left behind.</summary>
    public void RemoveLeftovers()
    {
        if (options.CacheDir is not { } dir || !Directory.Exists(dir))
        {
            return;
        }

        try
        {
            var before = time.GetUtcNow() - LeftoverAge;
            foreach (var file in new DirectoryInfo(dir).EnumerateFiles("*" + TempExtension))
            {
                if (file.LastWriteTimeUtc < before.UtcDateTime)
                {
                    TryDelete(file.FullName);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCleanupFailed(dir, ex.Message);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start's clean-up.
        }
    }
}
