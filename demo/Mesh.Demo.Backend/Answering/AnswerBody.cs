namespace Mesh.Demo.Backend.Answering;

/// <summary>What the backend answers: who served the request, and the injected error if it failed.</summary>
public sealed record AnswerBody(string Service, string Version, string Instance, string? Error);
