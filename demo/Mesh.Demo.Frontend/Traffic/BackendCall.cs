namespace Mesh.Demo.Frontend.Traffic;

/// <summary>The outcome of one call to the backend: its status (0 when no answer came) and who served it.</summary>
public sealed record BackendCall(int Status, string? Version, string? Instance, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
