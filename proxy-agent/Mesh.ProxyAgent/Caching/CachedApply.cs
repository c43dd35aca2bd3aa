namespace Mesh.ProxyAgent.Caching;

/// <summary>What became of a cached config offered for enforcement.</summary>
internal enum CachedApply
{
    /// <summary>Validated, compiled and put in force.</summary>
    Applied,

    /// <summary>Not needed: the proxy holds that version or a newer one already.</summary>
    Superseded,

    /// <summary>Refused by the validation every push goes through; nothing changed.</summary>
    Invalid,
}
