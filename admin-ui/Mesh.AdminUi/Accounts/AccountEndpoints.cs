using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Mesh.AdminUi.Accounts;

/// <summary>Sign-in and sign-out: form posts (anti-forgery checked) that set or clear the auth cookie.</summary>
public static partial class AccountEndpoints
{
    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.MapPost("/account/login", LoginAsync).AllowAnonymous();
        app.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext context, UserStore users, ILogger<UserStore> logger)
    {
        var target = returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/";
        var user = users.Verify(userName ?? "", password ?? "");
        if (user is null)
        {
            LogRejected(logger, userName ?? "");
            return Results.LocalRedirect($"/login?failed=1&returnUrl={Uri.EscapeDataString(target)}");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), .. user.Roles.Select(r => new Claim(ClaimTypes.Role, r))],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        LogSignedIn(logger, user.Name);
        return Results.LocalRedirect(target);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} signed in")]
    private static partial void LogSignedIn(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for {User}")]
    private static partial void LogRejected(ILogger logger, string user);
}
