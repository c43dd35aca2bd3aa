namespace Mesh.Model.Validation;

/// <summary>How a grain answered a write.</summary>
[GenerateSerializer, Alias("mesh.WriteStatus")]
public enum WriteStatus
{
    /// <summary>Validated, persisted, given the next resource version.</summary>
    Accepted = 0,

    /// <summary>Refused by validation; nothing was stored.</summary>
    Invalid = 1,

    /// <summary>The caller's expected version is not the current one; nothing was stored.</summary>
    Conflict = 2,

    /// <summary>The thing the write refers to does not exist; nothing was stored.</summary>
    NotFound = 3,
}
