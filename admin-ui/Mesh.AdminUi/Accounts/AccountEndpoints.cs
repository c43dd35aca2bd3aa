using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Antiforgery;

namespace Mesh.AdminUi.Accounts;

/// <summary>Sign-in and sign-out: form posts (anti-forgery checked) that set or clear the auth cookie.</summary>
public static partial class AccountEndpoints
{
    public static WebApplication MapAccounts(this WebApplication app)
    {
        // Anti-forgery is checked here rather than by form binding, so that a forged post gets a plain 400.
        app.MapPost("/account/login", LoginAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("invalid anti-forgery token");
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, UserStore users, IAntiforgery antiforgery, ILogger<UserStore> logger)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("invalid anti-forgery token");
        }

        var form = await context.Request.ReadFormAsync();
        var (userName, password, returnUrl) = (form["userName"].ToString(), form["password"].ToString(), form["returnUrl"].ToString());
        var target = returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/";
        var user = users.Verify(userName, password);
        if (user is null)
        {
            LogRejected(logger, userName);
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
