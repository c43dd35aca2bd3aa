using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Mesh.Protos.Discovery.V1;
using Mesh.Silo.Tests.Infrastructure;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.Silo.Tests.Reliability;

/// <summary>
/// Garbage on the proxy API of one real silo, from raw bytes on the socket up to well-formed sessions that break the
/// rules: each gets a clean gRPC status naming the problem where the protocol allows one, the silo survives, and an
/// ordinary proxy session on the same silo keeps working.
/// </summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed partial class ProxyProtocolGarbageTests(EmbeddedSiloFixture fixture, ITestOutputHelper output)
{
    private const int Seed = 8_0605;
    private const string StreamPath = "/mesh.discovery.v1.Discovery/Stream";

    /// <summary>What the gRPC server says when a handler failed in a way it did not mean to; never a clean answer.</summary>
    private const string Unhandled = "Exception was thrown by handler.";

    private SiloProcess Silo => fixture.Silo;

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task RawBytes_OnTheDiscoveryPort_AreDropped_AndAnOrdinarySessionKeepsWorking()
    {
        var random = new Random(Seed);
        var preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
        var payloads = new List<byte[]>();
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(24, 4096)];
            random.NextBytes(bytes);
            byte[] payload = (i % 3) switch
            {
                0 => bytes,
                1 => [.. preface, .. bytes],
                _ => [.. Encoding.ASCII.GetBytes($"POST {StreamPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/grpc\r\n\r\n"), .. bytes],
            };
            payloads.Add(payload);
        }

        var closed = await Task.WhenAll(payloads.Select(SendRawAsync));

        output.WriteLine($"{payloads.Count} garbage connections; the silo closed {closed.Count(c => c)} of them within 3 s");
        // Whatever follows the preface or a request line is refused and the connection closed. Random bytes from the
        // first byte on are refused too, but a short run of them (here 5 runs of 40 to 237 bytes) leaves Kestrel
        // waiting for more before it can tell what protocol it is: those are held, every longer one is closed.
        var held = Enumerable.Range(0, payloads.Count).Where(i => !closed[i]).ToList();
        Assert.All(held, i => Assert.True(i % 3 == 0 && payloads[i].Length < 256, $"connection {i} ({payloads[i].Length} bytes) was not closed within 3 s"));
        Assert.Equal(295, closed.Count(c => c));
        await AssertServingAsync();
    }

    [Fact]
    public async Task MalformedGrpcFraming_IsAnsweredWithAGrpcStatusNamingTheProblem()
    {
        var random = new Random(Seed);
        var cases = new List<(string Name, byte[] Body, string ContentType, StatusCode Expected)>
        {
            ("empty stream", [], "application/grpc", StatusCode.InvalidArgument),
            ("short header", [0, 0, 0], "application/grpc", StatusCode.Internal),
            ("truncated message", [0, 0, 0, 0, 10, 1, 2], "application/grpc", StatusCode.Internal),
            ("compressed without encoding", [1, 0, 0, 0, 2, 0x0a, 0x00], "application/grpc", StatusCode.Internal),
            ("length over the limit", [0, 0x7f, 0xff, 0xff, 0xff, 1], "application/grpc", StatusCode.ResourceExhausted),
            ("empty message", Frame([]), "application/grpc", StatusCode.InvalidArgument),
            ("not protobuf", Frame([0xff, 0xff, 0xff]), "application/grpc", StatusCode.InvalidArgument),
            ("hello with a wrong wire type", Frame([0x0a, 0x03, 0x08, 0x01, 0x0a]), "application/grpc", StatusCode.InvalidArgument),
            ("hello with invalid UTF-8", Frame([0x0a, 0x04, 0x0a, 0x02, 0xc3, 0x28]), "application/grpc", StatusCode.InvalidArgument),
            ("garbage after hello", [.. Frame(new ProxyMessage { Hello = ProtocolClient.Hello(NewName("p"), "svc-a") }.ToByteArray()), .. Frame([0x22, 0xff])], "application/grpc", StatusCode.InvalidArgument),
            ("wrong content type", Frame(new ProxyMessage { Hello = ProtocolClient.Hello(NewName("p"), "svc-a") }.ToByteArray()), "text/plain", StatusCode.Internal),
        };
        for (var i = 0; i < 60; i++)
        {
            var bytes = new byte[random.Next(1, 600)];
            random.NextBytes(bytes);
            cases.Add(($"random payload {i}", Frame(bytes), "application/grpc", default));
        }

        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(15) };
        var answers = await Task.WhenAll(cases.Select(async c => (Case: c, Answer: await CallAsync(http, c.Body, c.ContentType))));

        foreach (var (c, (status, message)) in answers)
        {
            output.WriteLine($"{c.Name}: {status} {message}");
        }

        Assert.All(answers, a =>
        {
            var (status, message) = a.Answer;
            Assert.True(status is { } s && s != StatusCode.OK && s != StatusCode.Unknown, $"{a.Case.Name}: grpc-status {status}");
            Assert.False(string.IsNullOrWhiteSpace(message), $"{a.Case.Name}: no grpc-message");
            Assert.NotEqual(Unhandled, message);
            if (a.Case.Expected != default)
            {
                Assert.Equal(a.Case.Expected, status);
            }
        });
        await AssertServingAsync();
    }

    /// <summary>Writes <paramref name="payload"/> on a fresh connection; whether the silo closed it within 3 s.</summary>
    private async Task<bool> SendRawAsync(byte[] payload)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Silo.DiscoveryUrl.Port);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await stream.WriteAsync(payload, timeout.Token);
            var buffer = new byte[16 * 1024];
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
                // Whatever the silo answers (a GOAWAY, a 400) is read and dropped.
            }

            return true;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One Stream call with <paramref name="body"/> as its request; the gRPC status and message it ends with.</summary>
    private async Task<(StatusCode? Status, string? Message)> CallAsync(HttpClient http, byte[] body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Silo.DiscoveryUrl, StreamPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var headers = response.TrailingHeaders.Contains("grpc-status") ? response.TrailingHeaders : response.Headers;
        var status = headers.TryGetValues("grpc-status", out var values) && int.TryParse(values.First(), out var code) ? (StatusCode?)code : null;
        var message = headers.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.First()) : null;
        return (status, message);
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The silo is alive, and a proxy that speaks the protocol properly gets its config and is seen in sync.</summary>
    private async Task AssertServingAsync()
    {
        Assert.False(Silo.HasExited, $"the silo exited:\n{Silo.Output}");
        var service = NewName("svc");
        (await Silo.Http.PutJsonAsync($"/api/v1/services/{service}/routes", """{"routes":[{"name":"default","destinations":[{"subset":"v1"}]}]}""")).Dispose();
        var proxyId = NewName("p");
        await using var proxy = await ProtocolClient.ConnectAsync(Silo.DiscoveryUrl, ProtocolClient.Hello(proxyId, "caller", service));
        Assert.Equal(ControlMessage.KindOneofCase.Welcome, (await proxy.NextAsync("welcome")).KindCase);
        var config = await proxy.NextConfigAsync(service);
        await proxy.AckAsync(config);
        await Eventually.WaitAsync(
            () => Silo.Http.GetJsonAsync("/api/v1/proxies"),
            proxies => proxies.AsArray().Any(p => p!["id"]!.GetValue<string>() == proxyId
                && p["watches"]!.AsArray().Any(w => w!["state"]!.GetValue<string>() == "SYNCED")),
            "the ordinary proxy SYNCED");
    }
}
