using System.Collections.Concurrent;

namespace Mesh.ProxyAgent.Resilience;

/// <summary>
/// One <see cref="RetryBudget"/> per service for the proxy's lifetime, so a config push does not refill a budget.
/// Thread-safe.
/// </summary>
internal sealed class RetryBudgets(RetryBudgetOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RetryBudget> _budgets = new(StringComparer.Ordinal);

    /// <summary>The budget of <paramref name="service"/>, created empty on first use.</summary>
    public RetryBudget For(string service) => _budgets.GetOrAdd(service, _ => new RetryBudget(options, time));
}
