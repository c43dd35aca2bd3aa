using Mesh.ProxyAgent.Matching;
using Microsoft.AspNetCore.Http;

namespace Mesh.ProxyAgent.Tests.Matching;

public sealed class RequestMatcherTests
{
    /// <summary>The "beta" route.</summary>
    private static readonly RequestMatchSpec Beta = new()
    {
        Headers = new Dictionary<string, StringMatchSpec> { ["x-user-group"] = new(Exact: "beta") },
        Path = new(Prefix: "/api"),
        Query = new Dictionary<string, StringMatchSpec> { ["preview"] = new(Exact: "1") },
        Cookies = new Dictionary<string, StringMatchSpec> { ["canary"] = new(Exact: "yes") },
        Methods = ["GET"],
    };

    private static HttpRequest Request(string method = "GET", string path = "/", string query = "", params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Path = path;
        request.QueryString = new QueryString(query);
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        return request;
    }

    private static HttpRequest BetaRequest() => Request("GET", "/api/orders", "?preview=1", ("x-user-group", "beta"), ("Cookie", "session=abc; canary=yes"));

    private static bool Matches(RequestMatchSpec spec, HttpRequest request) => RequestMatcher.Create(spec).Matches(request);

    [Fact]
    public void Matches_NoConditions_MatchesEveryRequest()
    {
        Assert.True(RequestMatcher.Create(null).Matches(Request("DELETE", "/x")));
        Assert.True(RequestMatcher.Create(new RequestMatchSpec()).Matches(Request("POST")));
        Assert.True(RequestMatcher.Create(new RequestMatchSpec()).MatchesEverything);
        Assert.False(RequestMatcher.Create(Beta).MatchesEverything);
    }

    [Fact]
    public void Matches_EveryConditionHolds_Matches() => Assert.True(Matches(Beta, BetaRequest()));

    [Theory]
    [InlineData("method")]
    [InlineData("path")]
    [InlineData("header")]
    [InlineData("query")]
    [InlineData("cookie")]
    public void Matches_AnyOneConditionFails_DoesNotMatch(string spoiled)
    {
        var request = BetaRequest();
        switch (spoiled)
        {
            case "method":
                request.Method = "POST";
                break;
            case "path":
                request.Path = "/web/api";
                break;
            case "header":
                request.Headers["x-user-group"] = "alpha";
                break;
            case "query":
                request.QueryString = new QueryString("?preview=0");
                break;
            default:
                request.Headers.Cookie = "session=abc; canary=no";
                break;
        }

        Assert.False(Matches(Beta, request));
    }

    [Fact]
    public void Matches_HeaderNameInAnotherCase_StillFindsTheHeader()
    {
        var spec = new RequestMatchSpec { Headers = new Dictionary<string, StringMatchSpec> { ["X-User-Group"] = new(Exact: "beta") } };

        Assert.True(Matches(spec, Request(headers: ("x-user-group", "beta"))));
        Assert.False(Matches(spec, Request(headers: ("x-user-group", "BETA"))));
    }

    [Fact]
    public void Matches_HeaderWithSeveralFields_MatchesTheirCommaJoin()
    {
        var spec = new RequestMatchSpec { Headers = new Dictionary<string, StringMatchSpec> { ["x-tag"] = new(Exact: "a,b") } };

        Assert.True(Matches(spec, Request(headers: [("x-tag", "a"), ("x-tag", "b")])));
    }

    [Fact]
    public void Matches_HeaderPresentFalse_MatchesOnlyWithoutTheHeader()
    {
        var spec = new RequestMatchSpec { Headers = new Dictionary<string, StringMatchSpec> { ["x-debug"] = new(Present: false) } };

        Assert.True(Matches(spec, Request()));
        Assert.False(Matches(spec, Request(headers: ("x-debug", "0"))));
    }

    [Theory]
    [InlineData("/orders/42", true)]
    [InlineData("/orders/", false)]
    [InlineData("/orders/42/items", false)]
    public void Matches_PathRegex_MustCoverTheWholePath(string path, bool expected)
    {
        var spec = new RequestMatchSpec { Path = new StringMatchSpec(Regex: "/orders/[0-9]+") };

        Assert.Equal(expected, Matches(spec, Request(path: path)));
    }

    [Fact]
    public void Matches_PathPrefix_IsAPlainStringPrefix()
    {
        var spec = new RequestMatchSpec { Path = new StringMatchSpec(Prefix: "/api") };

        Assert.True(Matches(spec, Request(path: "/api")));
        Assert.True(Matches(spec, Request(path: "/apix")));
        Assert.False(Matches(spec, Request(path: "/Api")));
    }

    [Fact]
    public void Matches_EmptyPath_IsTheRoot()
    {
        var request = Request();
        request.Path = PathString.Empty;

        Assert.True(Matches(new RequestMatchSpec { Path = new StringMatchSpec(Exact: "/") }, request));
    }

    [Theory]
    [InlineData("?preview=1", true)]
    [InlineData("?a=2&preview=1&b=3", true)]
    [InlineData("?preview=1&preview=2", true)]
    [InlineData("?preview=2&preview=1", false)]
    [InlineData("?Preview=1", false)]
    [InlineData("?preview=10", false)]
    [InlineData("?pre%76iew=1", true)]
    [InlineData("?preview=%31", true)]
    [InlineData("", false)]
    public void Matches_QueryExact_UsesTheFirstDecodedValueOfTheCaseSensitiveName(string query, bool expected) =>
        Assert.Equal(expected, Matches(Query("preview", new StringMatchSpec(Exact: "1")), Request(query: query)));

    [Theory]
    [InlineData("?q=a%20b")]
    [InlineData("?q=a+b")]
    public void Matches_QueryValueEncodedSpace_IsDecodedAsAFormField(string query) =>
        Assert.True(Matches(Query("q", new StringMatchSpec(Exact: "a b")), Request(query: query)));

    [Fact]
    public void Matches_QueryValueEncodedPlus_IsALiteralPlus() =>
        Assert.True(Matches(Query("q", new StringMatchSpec(Exact: "a+b")), Request(query: "?q=a%2Bb")));

    [Fact]
    public void Matches_QueryFlagWithoutValue_IsPresentAndEmpty()
    {
        Assert.True(Matches(Query("flag", new StringMatchSpec(Present: true)), Request(query: "?flag")));
        Assert.True(Matches(Query("flag", new StringMatchSpec(Exact: "")), Request(query: "?x=1&flag")));
        Assert.True(Matches(Query("flag", new StringMatchSpec(Present: false)), Request(query: "?flags=1")));
    }

    [Theory]
    [InlineData("canary=yes", true)]
    [InlineData("a=1;canary=yes", true)]
    [InlineData("a=1;  canary = yes ;b=2", true)]
    [InlineData("canary=\"yes\"", true)]
    [InlineData("Canary=yes", false)]
    [InlineData("xcanary=yes", false)]
    [InlineData("canary=yes%21", false)]
    public void Matches_CookieExact_ComparesTheCaseSensitiveNameAndRawValue(string cookie, bool expected)
    {
        var spec = new RequestMatchSpec { Cookies = new Dictionary<string, StringMatchSpec> { ["canary"] = new(Exact: "yes") } };

        Assert.Equal(expected, Matches(spec, Request(headers: ("Cookie", cookie))));
    }

    [Fact]
    public void Matches_CookieInASecondCookieField_IsFound()
    {
        // HTTP/2 may send each cookie in its own field.
        var spec = new RequestMatchSpec { Cookies = new Dictionary<string, StringMatchSpec> { ["canary"] = new(Exact: "yes") } };

        Assert.True(Matches(spec, Request(headers: [("Cookie", "a=1"), ("Cookie", "canary=yes")])));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("POST", false)]
    [InlineData("get", false)]
    public void Matches_Methods_AreCaseSensitive(string method, bool expected) =>
        Assert.Equal(expected, Matches(new RequestMatchSpec { Methods = ["GET", "HEAD"] }, Request(method)));

    [Fact]
    public void TryCreate_BadConditionMatch_FailsNamingTheCondition()
    {
        var spec = new RequestMatchSpec { Query = new Dictionary<string, StringMatchSpec> { ["q"] = new(Exact: "a", Prefix: "a") } };

        Assert.False(RequestMatcher.TryCreate(spec, out _, out var error));
        Assert.Equal("query.q must have exactly one of exact, prefix, regex or present", error);
    }

    [Fact]
    public void TryCreate_EmptyMethod_Fails() =>
        Assert.False(RequestMatcher.TryCreate(new RequestMatchSpec { Methods = [""] }, out _, out _));

    [Fact]
    public void Matches_WarmRequestWithPlainValues_AllocatesNothing()
    {
        var spec = Beta with { Path = new StringMatchSpec(Regex: "/api/[a-z]+") };
        var matcher = RequestMatcher.Create(spec);
        var request = BetaRequest();
        Assert.True(matcher.Matches(request));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var matched = matcher.Matches(request);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(matched);
        Assert.Equal(0, allocated);
    }

    private static RequestMatchSpec Query(string name, StringMatchSpec match) =>
        new() { Query = new Dictionary<string, StringMatchSpec> { [name] = match } };
}
