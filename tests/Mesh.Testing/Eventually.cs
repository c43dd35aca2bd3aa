namespace Mesh.Testing;

/// <summary>Waits for a condition that another process makes true, with a bound and a message saying what was awaited.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string waitingFor, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not true within {limit}: {waitingFor}");
            }

            await Task.Delay(20);
        }
    }
}
