using Mesh.ProxyAgent.Resilience;

namespace Mesh.ProxyAgent.Tests.Resilience;

public sealed class RetryPolicyTests
{
    private const RetryOn All = RetryOn.ConnectFailure | RetryOn.Reset | RetryOn.ServerError | RetryOn.GatewayError | RetryOn.Retriable4xx;

    public static TheoryData<string, int, bool> Coverage => new()
    {
        // outcome, conditions (RetryOn flags, as int: the enum is internal to the proxy), retriable
        { "connect", (int)RetryOn.ConnectFailure, true },
        { "connect", (int)RetryOn.Reset, true },
        { "connect", (int)RetryOn.ServerError, true },
        { "connect", (int)RetryOn.GatewayError, true },
        { "connect", (int)RetryOn.Retriable4xx, false },
        { "reset", (int)RetryOn.ConnectFailure, false },
        { "reset", (int)RetryOn.Reset, true },
        { "reset", (int)RetryOn.ServerError, true },
        { "reset", (int)RetryOn.GatewayError, true },
        { "timeout", (int)RetryOn.ConnectFailure, false },
        { "timeout", (int)RetryOn.Reset, true },
        { "timeout", (int)RetryOn.GatewayError, true },
        { "500", (int)RetryOn.ServerError, true },
        { "500", (int)RetryOn.GatewayError, false },
        { "500", (int)RetryOn.Reset, false },
        { "502", (int)RetryOn.GatewayError, true },
        { "503", (int)RetryOn.GatewayError, true },
        { "504", (int)RetryOn.GatewayError, true },
        { "503", (int)RetryOn.ServerError, true },
        { "503", (int)RetryOn.ConnectFailure, false },
        { "409", (int)RetryOn.Retriable4xx, true },
        { "409", (int)RetryOn.ServerError, false },
        { "404", (int)All, false },
        { "429", (int)All, false },
        { "200", (int)All, false },
        { "599", (int)RetryOn.ServerError, true },
    };

    private static AttemptOutcome Outcome(string name) => name switch
    {
        "connect" => AttemptOutcome.ConnectFailed,
        "reset" => AttemptOutcome.WasReset,
        "timeout" => AttemptOutcome.TimedOut,
        _ => AttemptOutcome.Response(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(Coverage))]
    public void IsRetriable_OutcomeAndConditions_FollowsEnvoyMeanings(string outcome, int conditions, bool expected) =>
        Assert.Equal(expected, RetryPolicy.IsRetriable(Outcome(outcome), (RetryOn)conditions));

    [Fact]
    public void Decide_RetriableOutcomeWithRetriesLeft_Retries() =>
        Assert.Equal(RetryDecision.Retry, new RetryPolicy(3, RetryOn.GatewayError).Decide(AttemptOutcome.Response(503), 2, idempotent: true, bodySent: true));

    [Fact]
    public void Decide_AllRetriesMade_IsExhausted() =>
        Assert.Equal(RetryDecision.AttemptsExhausted, new RetryPolicy(3, RetryOn.GatewayError).Decide(AttemptOutcome.Response(503), 3, idempotent: true, bodySent: false));

    [Fact]
    public void Decide_UnlistedFailure_IsNotRetriable() =>
        Assert.Equal(RetryDecision.NotRetriable, new RetryPolicy(3, RetryOn.ConnectFailure).Decide(AttemptOutcome.Response(503), 0, idempotent: true, bodySent: false));

    [Theory]
    [InlineData("reset")]
    [InlineData("timeout")]
    [InlineData("503")]
    public void Decide_NonIdempotentWithBodySent_NeverRetries(string outcome) =>
        Assert.Equal(RetryDecision.UnsafeToRepeat, new RetryPolicy(3, All).Decide(Outcome(outcome), 0, idempotent: false, bodySent: true));

    [Fact]
    public void Decide_NonIdempotentThatFailedToConnect_Retries() =>
        Assert.Equal(RetryDecision.Retry, new RetryPolicy(3, RetryOn.ConnectFailure).Decide(AttemptOutcome.ConnectFailed, 0, idempotent: false, bodySent: true));

    [Fact]
    public void Decide_NonIdempotentWithBodyNotSent_Retries() =>
        Assert.Equal(RetryDecision.Retry, new RetryPolicy(3, RetryOn.Reset).Decide(AttemptOutcome.WasReset, 0, idempotent: false, bodySent: false));

    [Fact]
    public void Decide_IdempotentWithBodySent_Retries() =>
        Assert.Equal(RetryDecision.Retry, new RetryPolicy(1, RetryOn.Reset).Decide(AttemptOutcome.WasReset, 0, idempotent: true, bodySent: true));

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("OPTIONS", true)]
    [InlineData("TRACE", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    [InlineData("CONNECT", false)]
    public void IsIdempotent_Method_FollowsRfc9110(string method, bool expected) => Assert.Equal(expected, RetryPolicy.IsIdempotent(method));

    [Theory]
    [InlineData("connect-failure", (int)RetryOn.ConnectFailure)]
    [InlineData("reset", (int)RetryOn.Reset)]
    [InlineData("5xx", (int)RetryOn.ServerError)]
    [InlineData("gateway-error", (int)RetryOn.GatewayError)]
    [InlineData("retriable-4xx", (int)RetryOn.Retriable4xx)]
    public void TryParseCondition_KnownName_GivesItsFlag(string name, int expected)
    {
        Assert.True(RetryPolicy.TryParseCondition(name, out var condition));
        Assert.Equal((RetryOn)expected, condition);
    }

    [Theory]
    [InlineData("5XX")]
    [InlineData("refused-stream")]
    public void TryParseCondition_UnknownName_Fails(string name) => Assert.False(RetryPolicy.TryParseCondition(name, out _));
}
