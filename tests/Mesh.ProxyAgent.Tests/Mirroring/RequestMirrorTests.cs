using Mesh.ProxyAgent.Mirroring;
using Mesh.ProxyAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.ProxyAgent.Tests.Mirroring;

public sealed class RequestMirrorTests
{
    private static HttpRequest Get(string path = "/orders", string query = "?id=7")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Host = new HostString("svc-b");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers["x-user"] = "u1";
        context.Request.Headers.Connection = "keep-alive";
        return context.Request;
    }

    [Fact]
    public async Task TryMirror_BodilessRequest_SendsACopyMarkedAsMirrorWithHostAndPath()
    {
        using var handler = new StallingHandler();
        using var client = new HttpMessageInvoker(handler);
        var mirror = new RequestMirror(client, TimeProvider.System, NullLogger<RequestMirror>.Instance);

        Assert.True(mirror.TryMirror(Get(), TestEndpoints.Endpoint("m1")));

        var copy = await handler.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new Uri("http://m1.test:8080/orders?id=7"), copy.RequestUri);
        Assert.Equal(HttpMethod.Get, copy.Method);
        Assert.Equal("svc-b", copy.Headers.Host);
        Assert.Equal(["true"], copy.Headers.GetValues("x-mesh-mirror"));
        Assert.Equal(["u1"], copy.Headers.GetValues("x-user"));
        Assert.False(copy.Headers.Contains("Connection"));
        handler.Release.SetResult();
    }

    [Fact]
    public async Task TryMirror_LimitReached_DropsTheCopyWithoutWaiting()
    {
        using var handler = new StallingHandler();
        using var client = new HttpMessageInvoker(handler);
        var mirror = new RequestMirror(client, TimeProvider.System, NullLogger<RequestMirror>.Instance, maxInFlight: 1);

        Assert.True(mirror.TryMirror(Get(), TestEndpoints.Endpoint("m1")));
        await handler.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(mirror.TryMirror(Get(), TestEndpoints.Endpoint("m1")));
        Assert.Equal(1, handler.Count);
        handler.Release.SetResult();
    }

    [Fact]
    public void TryMirror_RequestWithABody_IsNotCopied()
    {
        using var handler = new StallingHandler();
        using var client = new HttpMessageInvoker(handler);
        var mirror = new RequestMirror(client, TimeProvider.System, NullLogger<RequestMirror>.Instance);
        var post = Get();
        post.Method = "POST";
        post.ContentLength = 12;

        Assert.False(mirror.TryMirror(post, TestEndpoints.Endpoint("m1")));
        Assert.Equal(0, handler.Count);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(0L, null, true)]
    [InlineData(5L, null, false)]
    [InlineData(null, "chunked", false)]
    public void HasNoBody_ByLengthAndTransferEncoding(long? contentLength, string? transferEncoding, bool expected)
    {
        var request = Get();
        request.ContentLength = contentLength;
        if (transferEncoding is not null)
        {
            request.Headers.TransferEncoding = transferEncoding;
        }

        Assert.Equal(expected, RequestMirror.HasNoBody(request));
    }

    /// <summary>Records each request and holds its response until <see cref="Release"/> completes.</summary>
    private sealed class StallingHandler : HttpMessageHandler
    {
        private int _count;

        public TaskCompletionSource<HttpRequestMessage> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => Volatile.Read(ref _count);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            Received.TrySetResult(request);
            await Release.Task.WaitAsync(cancellationToken);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        }
    }
}
