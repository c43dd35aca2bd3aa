using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mesh.ProxyAgent.Tests.Caching;

/// <summary>Keeps every log line written at Warning or above, so tests can show that a refusal was logged.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _warnings = new();

    public IReadOnlyList<string> Warnings => [.. _warnings];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning)
        {
            _warnings.Enqueue(formatter(state, exception));
        }
    }
}
