using System.Net;
using Mesh.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Mesh.AdminUi.Tests.EndToEnd;

/// <summary>
/// The admin UI in a real headless Chromium (Debian's, driven by Playwright; no browser download) against a real
/// silo on PostgreSQL: sign in, edit the split, see it in the Rules API, and meet a conflict from a stale session.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly PostgresServer _postgres = new();
    private SiloProcess? _silo;
    private AdminUiProcess? _ui;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private static string Screenshots => Path.Combine(RepositoryPaths.Artifacts, "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium");
        await _postgres.InitializeAsync();
        var database = await _postgres.CreateDatabaseAsync();
        _silo = SiloProcess.Start(database, "ui");
        await _silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        foreach (var (id, port, version) in new[] { ("b-1", 9101, "v1"), ("b-2", 9102, "v2") })
        {
            using var put = await _silo.Http.PutJsonAsync($"/api/v1/services/svc-b/endpoints/{id}",
                $$$"""{"address":"http://127.0.0.1:{{{port}}}","labels":{"version":"{{{version}}}"}}""");
            await put.ReadJsonAsync(HttpStatusCode.OK);
        }

        using (var routes = await _silo.Http.PutJsonAsync("/api/v1/services/svc-b/routes",
            """{"routes":[{"name":"default","destinations":[{"subset":"v1","weight":90},{"subset":"v2","weight":10}]}]}"""))
        {
            await routes.ReadJsonAsync(HttpStatusCode.OK);
        }

        _ui = AdminUiProcess.Start(database, "ui");
        await _ui.WaitReadyAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_ui is not null)
        {
            await _ui.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    private async Task<IPage> SignInAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = _ui!.Url.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(_ui.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "svc-b" }).WaitForAsync();
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Clicks made while the page is prerendered but before its circuit is up may be lost, as for a person.</summary>
    private static Task WaitInteractiveAsync(IPage page) => page.Locator("[data-interactive=true]").WaitForAsync();

    private static async Task OpenEditorAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "svc-b" }).ClickAsync();
        await WaitInteractiveAsync(page);
        try
        {
            await page.GetByLabel("v1", new() { Exact = true }).WaitForAsync();
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "failure-editor.png"), FullPage = true });
            throw new TimeoutException($"the editor did not appear; the page is at {page.Url}");
        }

        // Wait for the circuit: the editor is interactive once the loaded share is bound.
        await Assertions.Expect(page.GetByLabel("v1", new() { Exact = true })).ToHaveValueAsync("90");
    }

    private static async Task SetShareAsync(IPage page, string subset, int share)
    {
        var input = page.GetByLabel(subset, new() { Exact = true });
        await input.FillAsync(share.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await input.PressAsync("Tab");
    }

    [Fact]
    public async Task Admin_SetsSeventyThirty_TheRulesApiReturnsIt_AndAStaleSessionSeesTheConflict()
    {
        var admin = await SignInAsync();
        await Assertions.Expect(admin.GetByText("svc-b")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "services.png"), FullPage = true });

        // A second session opens the editor at the same version and starts editing, before the admin saves.
        var stale = await SignInAsync();
        await OpenEditorAsync(stale);
        await SetShareAsync(stale, "v1", 50);

        await OpenEditorAsync(admin);
        await SetShareAsync(admin, "v1", 70);
        await SetShareAsync(admin, "v2", 30);
        await Assertions.Expect(admin.GetByTestId("split-total")).ToContainTextAsync("Total: 100%");
        await Assertions.Expect(admin.GetByTestId("split-preview")).ToContainTextAsync("v1: 90% → 70%");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("applied")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "editor.png"), FullPage = true });

        var routes = await _silo!.Http.GetJsonAsync("/api/v1/services/svc-b/routes");
        var destinations = routes["routes"]![0]!["destinations"]!.AsArray();
        Assert.Equal([("v1", 70), ("v2", 30)], destinations.Select(d => (d!["subset"]!.GetValue<string>(), d["weight"]!.GetValue<int>())));
        var history = (await _silo.Http.GetJsonAsync("/api/v1/services/svc-b/routes/history")).AsArray();
        Assert.Equal("admin", history[0]!["who"]!.GetValue<string>());

        // The stale session learns of the new version live, and keeps its unsaved edits.
        await Assertions.Expect(stale.GetByTestId("newer-version")).ToContainTextAsync("Version 2 was saved by admin");
        await Assertions.Expect(stale.GetByLabel("v1", new() { Exact = true })).ToHaveValueAsync("50");
        await SetShareAsync(stale, "v2", 50);
        await stale.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var conflict = stale.GetByTestId("conflict");
        await Assertions.Expect(conflict).ToContainTextAsync("Someone saved in between");
        await Assertions.Expect(conflict).ToContainTextAsync("admin");
        await Assertions.Expect(conflict).ToContainTextAsync("v1 70%, v2 30%");
        await stale.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "conflict.png"), FullPage = true });
        output.WriteLine($"screenshots in {Screenshots}");

        var after = await _silo.Http.GetJsonAsync("/api/v1/services/svc-b/routes");
        Assert.Equal(2, after["resourceVersion"]!.GetValue<long>());

        await stale.GetByRole(AriaRole.Button, new() { Name = "Reload" }).First.ClickAsync();
        await Assertions.Expect(stale.GetByLabel("v1", new() { Exact = true })).ToHaveValueAsync("70");
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRefused_AndPagesNeedSignIn()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _ui!.Url };

        using var forged = await http.PostAsync(new Uri("/account/login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "admin", ["password"] = _ui.AdminPassword }));
        using var page = await http.GetAsync(new Uri("/proxies", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(_ui.AdminPassword, _ui.Output, StringComparison.Ordinal);
    }
}
