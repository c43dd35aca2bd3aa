using Mesh.Model.Naming;
using Mesh.Model.Validation;

namespace Mesh.Grains.Tests.Naming;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("svc-b")]
    [InlineData("svc-b.shop")]
    [InlineData("a1.b2.c3")]
    public void Service_DnsSubdomain_IsAccepted(string name)
    {
        var errors = new List<FieldError>();
        NameRules.Service(name, "service", errors);

        Assert.Empty(errors);
        Assert.True(NameRules.IsServiceName(name));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a.-b")]
    [InlineData("a-.b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("10.0.0.1")]
    [InlineData("SVC")]
    public void Service_EmptyLabelAddressOrUpperCase_IsRefusedNamingTheField(string name)
    {
        var errors = new List<FieldError>();
        NameRules.Service(name, "service", errors);

        var error = Assert.Single(errors);
        Assert.Equal("service", error.Path);
        Assert.StartsWith("must be 1-253 characters", error.Message, StringComparison.Ordinal);
        Assert.False(NameRules.IsServiceName(name));
    }
}
