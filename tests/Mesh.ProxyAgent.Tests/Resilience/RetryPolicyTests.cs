using Mesh.ProxyAgent.Resilience;

namespace Mesh.ProxyAgent.Tests.Resilience;

public sealed class RetryPolicyTests
{
    private const RetryOn All = RetryOn.ConnectFailure | RetryOn.Reset | RetryOn.ServerError | RetryOn.GatewayError | RetryOn.Retriable4xx;

    public static TheoryData<string, RetryOn, bool> Coverage => new()
    {
        // outcome, conditions, retriable
        { "connect", RetryOn.ConnectFailure, true },
        { "connect", RetryOn.Reset, true },
        { "connect", RetryOn.ServerError, true },
        { "connect", RetryOn.GatewayError, true },
        { "connect", RetryOn.Retriable4xx, false },
        { "reset", RetryOn.ConnectFailure, false },
        { "reset", RetryOn.Reset, true },
        { "reset", RetryOn.ServerError, true },
        { "reset", RetryOn.GatewayError, true },
        { "timeout", RetryOn.ConnectFailure, false },
        { "timeout", RetryOn.Reset, true },
        { "timeout", RetryOn.GatewayError, true },
        { "500", RetryOn.ServerError, true },
        { "500", RetryOn.GatewayError, false },
        { "500", RetryOn.Reset, false },
        { "502", RetryOn.GatewayError, true },
        { "503", RetryOn.GatewayError, true },
        { "504", RetryOn.GatewayError, true },
        { "503", RetryOn.ServerError, true },
        { "503", RetryOn.ConnectFailure, false },
        { "409", RetryOn.Retriable4xx, true },
        { "409", RetryOn.ServerError, false },
        { "404", All, false },
        { "429", All, false },
        { "200", All, false },
        { "599", RetryOn.ServerError, true },
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
    public void IsRetriable_OutcomeAndConditions_FollowsEnvoyMeanings(string outcome, RetryOn conditions, bool expected) =>
        Assert.Equal(expected, RetryPolicy.IsRetriable(Outcome(outcome), conditions));

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
    [InlineData("connect-failure", RetryOn.ConnectFailure)]
    [InlineData("reset", RetryOn.Reset)]
    [InlineData("5xx", RetryOn.ServerError)]
    [InlineData("gateway-error", RetryOn.GatewayError)]
    [InlineData("retriable-4xx", RetryOn.Retriable4xx)]
    public void TryParseCondition_KnownName_GivesItsFlag(string name, RetryOn expected)
    {
        Assert.True(RetryPolicy.TryParseCondition(name, out var condition));
        Assert.Equal(expected, condition);
    }

    [Theory]
    [InlineData("5XX")]
    [InlineData("refused-stream")]
    public void TryParseCondition_UnknownName_Fails(string name) => Assert.False(RetryPolicy.TryParseCondition(name, out _));
}
