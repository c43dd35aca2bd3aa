using Mesh.ProxyAgent.Matching;

namespace Mesh.ProxyAgent.Tests.Matching;

public sealed class StringMatcherTests
{
    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("a", "a", null, null)]
    [InlineData(null, null, "a", true)]
    [InlineData("a", "a", "a", false)]
    public void TryCreate_NotExactlyOneKind_FailsSayingSo(string? exact, string? prefix, string? regex, bool? present)
    {
        Assert.False(StringMatcher.TryCreate(new StringMatchSpec(exact, prefix, regex, present), out _, out var error));
        Assert.Equal("must have exactly one of exact, prefix, regex or present", error);
    }

    [Theory]
    [InlineData(@"(a)\1")]
    [InlineData("(?=a)a")]
    [InlineData("(?<!a)b")]
    [InlineData("(?>a+)")]
    [InlineData("(unclosed")]
    [InlineData("a)|(?:.*")]
    public void TryCreate_RegexNotLinearTime_Fails(string pattern)
    {
        Assert.False(StringMatcher.TryCreate(new StringMatchSpec(Regex: pattern), out _, out var error));
        Assert.StartsWith("regex is not a valid linear-time regular expression", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_RegexLongerThanTheLimit_Fails()
    {
        Assert.False(StringMatcher.TryCreate(new StringMatchSpec(Regex: new string('a', StringMatcher.MaxRegexLength + 1)), out _, out var error));
        Assert.Equal($"regex is longer than {StringMatcher.MaxRegexLength} characters", error);
    }

    [Fact]
    public void TryCreate_XModeCommentThatWouldSwallowTheAnchor_Fails()
    {
        // Valid alone, but the comment runs to the end of the line and would eat the closing anchor.
        Assert.False(StringMatcher.TryCreate(new StringMatchSpec(Regex: "(?x)a # a comment"), out _, out var error));
        Assert.StartsWith("regex cannot be anchored to the whole value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidSpec_ThrowsArgumentException() => Assert.Throws<ArgumentException>(() => StringMatcher.Create(new StringMatchSpec()));

    [Theory]
    [InlineData("beta", true)]
    [InlineData("Beta", false)]
    [InlineData("betas", false)]
    [InlineData("", false)]
    public void Matches_Exact_IsOrdinalAndWhole(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Create(new StringMatchSpec(Exact: "beta")).Matches(value));

    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/orders", true)]
    [InlineData("/apix", true)]
    [InlineData("/API/orders", false)]
    [InlineData("/ap", false)]
    public void Matches_Prefix_IsOrdinalStart(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Create(new StringMatchSpec(Prefix: "/api")).Matches(value));

    [Theory]
    [InlineData("v12", true)]
    [InlineData("v1", true)]
    [InlineData("xv12", false)]
    [InlineData("v12x", false)]
    [InlineData("V12", false)]
    [InlineData("v", false)]
    public void Matches_Regex_MustCoverTheWholeValueCaseSensitively(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Create(new StringMatchSpec(Regex: "v[0-9]+")).Matches(value));

    [Fact]
    public void Matches_RegexAlternationWithShorterFirstBranch_StillMatchesTheWholeValue() =>
        Assert.True(StringMatcher.Create(new StringMatchSpec(Regex: "a|ab")).Matches("ab"));

    [Fact]
    public void Matches_CatastrophicBacktrackingPattern_ReturnsInLinearTime()
    {
        // A backtracking engine takes ~2^n steps on (a+)+b against n a's and no b (n = 50_000 would never end);
        // the non-backtracking engine reads the value once per pattern state. No timing assertion: finishing is the proof.
        var matcher = StringMatcher.Create(new StringMatchSpec(Regex: "(a+)+b"));

        Assert.False(matcher.Matches(new string('a', 50_000) + "!"));
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("prefix")]
    [InlineData("regex")]
    [InlineData("present")]
    public void Matches_AbsentValue_OnlyPresentFalseAccepts(string kind)
    {
        Assert.False(StringMatcher.Create(Spec(kind, present: true)).Matches(null));
        if (kind == "present")
        {
            Assert.True(StringMatcher.Create(new StringMatchSpec(Present: false)).Matches(null));
        }
    }

    [Fact]
    public void Matches_EmptyValue_IsPresent()
    {
        Assert.True(StringMatcher.Create(new StringMatchSpec(Present: true)).Matches(""));
        Assert.False(StringMatcher.Create(new StringMatchSpec(Present: false)).Matches(""));
        Assert.True(StringMatcher.Create(new StringMatchSpec(Prefix: "")).Matches(""));
        Assert.True(StringMatcher.Create(new StringMatchSpec(Exact: "")).Matches(""));
    }

    private static StringMatchSpec Spec(string kind, bool present) => kind switch
    {
        "exact" => new StringMatchSpec(Exact: ""),
        "prefix" => new StringMatchSpec(Prefix: ""),
        "regex" => new StringMatchSpec(Regex: ".*"),
        _ => new StringMatchSpec(Present: present),
    };
}
