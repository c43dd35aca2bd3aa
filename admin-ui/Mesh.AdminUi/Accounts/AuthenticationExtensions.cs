using Microsoft.AspNetCore.Authentication.Cookies;

namespace Mesh.AdminUi.Accounts;

/// <summary>Cookie sign-in against <see cref="UserStore"/>; every page requires a signed-in user.</summary>
public static class AuthenticationExtensions
{
    public static WebApplicationBuilder AddMeshAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "mesh-admin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }
}
