namespace Mesh.ProxyAgent.Matching;

/// <summary>
/// How one request value must look, as the route policy states it: exactly one of <see cref="Exact"/>,
/// <see cref="Prefix"/>, <see cref="Regex"/> or <see cref="Present"/> is set (checked by
/// <see cref="StringMatcher.TryCreate"/>).
/// </summary>
/// <param name="Exact">The whole value, compared ordinally (case-sensitive).</param>
/// <param name="Prefix">The value's start, compared ordinally; an empty prefix matches any value that is there.</param>
/// <param name="Regex">A .NET pattern that must match the whole value (it is anchored at both ends).</param>
/// <param name="Present"><c>true</c>: the value is there, whatever it is (even empty); <c>false</c>: it is absent.</param>
internal sealed record StringMatchSpec(string? Exact = null, string? Prefix = null, string? Regex = null, bool? Present = null);
