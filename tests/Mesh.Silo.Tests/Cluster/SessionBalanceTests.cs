using Mesh.Grains.Cluster;
using Mesh.Silo.Cluster;

namespace Mesh.Silo.Tests.Cluster;

public sealed class SessionBalanceTests
{
    private static readonly RebalanceOptions Options = new();

    private static SiloLoad Load(string name, int? sessions) => new()
    {
        Info = new SiloInfo { Silo = name, DiscoveryUrl = $"http://{name}", ApiUrl = $"http://{name}-api" },
        Sessions = sessions,
    };

    [Fact]
    public void Plan_ASiloJoinsTwo_EachFullSiloSendsHalfTheNewOnesShare()
    {
        IReadOnlyList<SiloLoad> silos = [Load("a", 120), Load("b", 120), Load("c", 0)];

        var fromA = SessionBalance.Plan("a", silos, Options, limit: 1000);
        var fromB = SessionBalance.Plan("b", silos, Options, limit: 1000);

        Assert.Equal([new SessionMove("http://c", 40)], fromA);
        Assert.Equal([new SessionMove("http://c", 40)], fromB);
        Assert.Empty(SessionBalance.Plan("c", silos, Options, limit: 1000));
    }

    [Fact]
    public void Plan_UnevenExcess_SplitsEachDeficitInProportionWithoutOvershooting()
    {
        IReadOnlyList<SiloLoad> silos = [Load("a", 150), Load("b", 90), Load("c", 30), Load("d", 10)];

        // Fair share 70: a is 80 over, b 20; c lacks 40, d 60.
        var plans = new[] { "a", "b" }.Select(s => SessionBalance.Plan(s, silos, Options, limit: 1000)).ToList();

        Assert.Equal([new SessionMove("http://d", 48), new SessionMove("http://c", 32)], plans[0]);
        Assert.Equal([new SessionMove("http://d", 12), new SessionMove("http://c", 8)], plans[1]);
        Assert.Empty(SessionBalance.Plan("c", silos, Options, limit: 1000));
    }

    [Theory]
    [InlineData(86, 78, 76)] // fair 80, a is 6 over: within 10 %
    [InlineData(3, 1, 1)] // fair 1.7, a is 1.3 over: below the smallest excess worth a move
    public void Plan_WithinTolerance_MovesNothing(int a, int b, int c) =>
        Assert.Empty(SessionBalance.Plan("a", [Load("a", a), Load("b", b), Load("c", c)], Options, limit: 1000));

    [Fact]
    public void Plan_LimitPerRound_CapsTheMovesAcrossTargets()
    {
        var plan = SessionBalance.Plan("a", [Load("a", 300), Load("b", 0), Load("c", 0)], Options, limit: 40);

        Assert.Equal(40, plan.Sum(m => m.Count));
    }

    [Fact]
    public void Plan_ASiloHasNotReported_MovesNothing() =>
        Assert.Empty(SessionBalance.Plan("a", [Load("a", 200), Load("b", 0), Load("c", null)], Options, limit: 1000));

    [Fact]
    public void Plan_ThisSiloNotInTheDirectoryYet_MovesNothing() =>
        Assert.Empty(SessionBalance.Plan("a", [Load("b", 200), Load("c", 0)], Options, limit: 1000));
}
