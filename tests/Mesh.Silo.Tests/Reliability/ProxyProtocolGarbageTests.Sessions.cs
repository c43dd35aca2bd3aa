using Grpc.Core;
using Mesh.Protos.Discovery.V1;
using Mesh.Testing;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>Well-formed gRPC carrying sessions that break the protocol's rules.</summary>
public sealed partial class ProxyProtocolGarbageTests
{
    private static readonly string[] BadCharacters = [" ", "/", "@", "%", "\u0000", "\n", "\u200B", "\u202E", "é", "\u0430", "\uFF21", "\"", "*", "\\"];

    [Fact]
    public async Task MessagesBeforeHello_AreRefusedWithInvalidArgumentNamingHello()
    {
        ProxyMessage[] firsts =
        [
            new() { Ack = new Ack { Service = "svc-a", Version = 1 } },
            new() { Nack = new Nack { Service = "svc-a", Version = 1, Error = "x" } },
            new() { Watch = new Watch { Services = { "svc-a" } } },
            new() { Goodbye = new Goodbye() },
            new() { Health = new HealthReport { Healthy = false } },
            new(),
        ];

        var errors = await Task.WhenAll(firsts.Select(async first =>
        {
            await using var rogue = await ProtocolClient.OpenAsync(Silo.DiscoveryUrl, first);
            return await Assert.ThrowsAsync<RpcException>(() => rogue.NextAsync("the refusal"));
        }));

        Assert.All(errors, e => Assert.Equal((StatusCode.InvalidArgument, "the first message of a session must be hello"), (e.StatusCode, e.Status.Detail)));
        await AssertServingAsync();
    }

    [Fact]
    public async Task HellosBreakingTheNamingRules_AreRefusedWithInvalidArgumentNamingTheField()
    {
        var random = new Random(Seed);
        var hellos = new List<(Hello Hello, string Field)>();
        for (var i = 0; i < 40; i++)
        {
            hellos.Add((Hello(BadName(random, 128), "svc-a"), "proxy_id"));
            hellos.Add((Hello(NewName("p"), BadName(random, 253)), "service"));
            var key = BadName(random, 63).Replace("/", "@", StringComparison.Ordinal);
            hellos.Add((With(Hello(NewName("p"), "svc-a"), h => h.Labels[key] = "v1"), "labels"));
            hellos.Add((With(Hello(NewName("p"), "svc-a"), h => h.Labels["version"] = BadName(random, 63)), "labels.version"));
            var watch = random.Next(3);
            hellos.Add((With(Hello(NewName("p"), "svc-a"), h => h.Watches.AddRange(new[] { "svc-b", "svc-c", "svc-d" }.Select((w, j) => j == watch ? BadName(random, 253) : w))), $"watches[{watch}]"));
            hellos.Add((With(Hello(NewName("p"), "svc-a"), h => h.InboundAddress = Pick(random, ["ftp://127.0.0.1:1", "http://127.0.0.1:1/path", "not a url", "http://u:p@127.0.0.1:1", "http://" + new string('h', 3000) + ":1", "http://127.0.0.1:1?q"])), "inboundAddress"));
        }

        hellos.Add((With(Hello(NewName("p"), "svc-a"), h => h.Labels.Add(Enumerable.Range(0, 33).ToDictionary(i => $"k{i}", _ => "v"))), "labels"));
        hellos.Add((With(Hello(NewName("p"), "svc-a"), h => h.Watches.AddRange(Enumerable.Range(0, 257).Select(i => $"svc-{i}"))), "watches"));
        hellos.Add((With(Hello(NewName("p"), "svc-a"), h => h.HeldVersions.Add(Enumerable.Range(0, 20_000).ToDictionary(i => $"h{i}", i => (long)i))), "held_versions"));
        hellos.Add((With(Hello(NewName("p"), "svc-a"), h => h.Watches.AddRange(Enumerable.Range(0, 30_000).Select(i => $"w{i}"))), "watches"));
        hellos.Add((Hello(new string('p', 129), "svc-a"), "proxy_id"));
        hellos.Add((Hello(NewName("p"), new string('s', 254)), "service"));
        hellos.Add((Hello("", ""), "proxy_id"));

        var refusals = await Task.WhenAll(hellos.Select(async h =>
        {
            await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, h.Hello);
            var error = await Assert.ThrowsAsync<RpcException>(() => proxy.NextAsync($"the refusal of a hello naming {h.Field}"));
            return (h.Field, error);
        }));

        output.WriteLine($"{hellos.Count} hellos breaking the rules, all refused");
        Assert.All(refusals, r =>
        {
            Assert.True(r.error.StatusCode == StatusCode.InvalidArgument, $"{r.Field}: {r.error.StatusCode} {r.error.Status.Detail}");
            Assert.Contains(r.Field, r.error.Status.Detail, StringComparison.Ordinal);
        });
        Assert.DoesNotContain((await Silo.Http.GetJsonAsync("/api/v1/proxies")).AsArray(), p => hellos.Any(h => h.Hello.ProxyId == p!["id"]!.GetValue<string>()));
        await AssertServingAsync();
    }

    [Fact]
    public async Task SessionAbuse_BadWatchesSecondHelloOversizedMessagesAndSilence_EndWithACleanStatus_OthersAreIgnored()
    {
        var silent = SilentSessionAsync();

        // Watches that break the rules, and one too many.
        var badWatch = await RefusedAfterHelloAsync(new ProxyMessage { Watch = new Watch { Services = { "svc-ok", "Bad_Name" } } });
        var secondHello = await RefusedAfterHelloAsync(new ProxyMessage { Hello = ProtocolClient.Hello(NewName("p"), "svc-a") });
        var oversized = await RefusedAfterHelloAsync(new ProxyMessage { Nack = new Nack { Service = "svc-a", Error = new string('x', 300 * 1024) } });
        var flood = await WatchFloodAsync();

        Assert.Equal((StatusCode.InvalidArgument, true), (badWatch.StatusCode, badWatch.Status.Detail.Contains("watches[1]", StringComparison.Ordinal)));
        Assert.Equal((StatusCode.InvalidArgument, true), (secondHello.StatusCode, secondHello.Status.Detail.Contains("hello", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);
        Assert.Equal((StatusCode.InvalidArgument, true), (flood.StatusCode, flood.Status.Detail.Contains("watches", StringComparison.Ordinal)));

        // Acks and Nacks of services the session does not watch, with garbage names and long reasons, change nothing
        // and the session goes on.
        var service = NewName("svc");
        (await Silo.Http.PutJsonAsync($"/api/v1/services/{service}/routes", """{"routes":[{"name":"default","destinations":[{"subset":"v1"}]}]}""")).Dispose();
        await using (var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(NewName("p"), "caller")))
        {
            await proxy.NextAsync("welcome");
            foreach (var name in new[] { "", "Bad_Name", new string('s', 5000), "svc\u0000", "../../etc" })
            {
                await proxy.SendAsync(new ProxyMessage { Ack = new Ack { Service = name, Version = -1, Nonce = name } });
                await proxy.SendAsync(new ProxyMessage { Nack = new Nack { Service = name, Version = long.MaxValue, Error = new string('e', 100_000) } });
            }

            await proxy.SendAsync(new ProxyMessage { Watch = new Watch { Services = { Enumerable.Repeat(service, 5000) } } });
            Assert.Equal("default", Assert.Single((await proxy.NextConfigAsync(service)).Routes).Name);
        }

        var silence = await silent;
        Assert.True(silence.StatusCode is StatusCode.InvalidArgument or StatusCode.DeadlineExceeded, $"silence: {silence.StatusCode} {silence.Status.Detail}");
        Assert.Contains("hello", silence.Status.Detail, StringComparison.OrdinalIgnoreCase);
        await AssertServingAsync();
    }

    /// <summary>A session that never says Hello: the silo ends it after its hello timeout.</summary>
    private async Task<RpcException> SilentSessionAsync()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Silo.DiscoveryUrl);
        using var call = new Mesh.Protos.Discovery.V1.Discovery.DiscoveryClient(channel).Stream();
        return await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await call.ResponseStream.MoveNext(limit.Token);
        });
    }

    private async Task<RpcException> RefusedAfterHelloAsync(ProxyMessage message)
    {
        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(NewName("p"), "caller"));
        await proxy.NextAsync("welcome");
        try
        {
            await proxy.SendAsync(message);
        }
        catch (RpcException)
        {
            // The silo may refuse a large message and end the call while the client is still writing it (the write
            // then fails as Cancelled); the status the silo ended the call with is read below either way.
        }

        return await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (true)
            {
                await proxy.NextAsync("the refusal");
            }
        });
    }

    /// <summary>Watch messages one service at a time until the session is refused for watching too many.</summary>
    private async Task<RpcException> WatchFloodAsync()
    {
        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(NewName("p"), "caller"));
        await proxy.NextAsync("welcome");
        try
        {
            for (var i = 0; i < 300; i++)
            {
                await proxy.SendAsync(new ProxyMessage { Watch = new Watch { Services = { $"flood-{i}" } } });
            }
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            // The silo ended the call while the flood was still being sent.
        }

        return await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (true)
            {
                await proxy.NextAsync("the refusal of the watch flood", TimeSpan.FromSeconds(20));
            }
        });
    }

    private static Hello Hello(string proxyId, string service) => ProtocolClient.Hello(proxyId, service);

    private static Hello With(Hello hello, Action<Hello> change)
    {
        change(hello);
        return hello;
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    /// <summary>A name that breaks every kind of naming rule: over-long, bad first or last character, or a bad character.</summary>
    private static string BadName(Random random, int max)
    {
        var valid = $"n{random.Next(1000, 9999)}";
        return random.Next(4) switch
        {
            0 => new string('a', max + 1 + random.Next(200)),
            1 => "-" + valid,
            2 => valid + ".",
            _ => valid + Pick(random, BadCharacters) + "x",
        };
    }
}
