using Mesh.AdminUi.Components;
using Mesh.AdminUi.Queries;
using MudBlazor.Services;

namespace Mesh.AdminUi.Hosting;

/// <summary>Composes the admin UI's pages, health endpoints and static assets.</summary>
public static class AdminUiExtensions
{
    public static WebApplicationBuilder AddAdminUi(this WebApplicationBuilder builder)
    {
        // Package static assets (MudBlazor's CSS and JS) are served from the build output too, not only from a
        // publish folder: operators start the UI both ways, and an app started from its build output in Production
        // otherwise serves no package assets.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<MeshReader>();
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapAdminUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                CreateScopeForErrors = true,
                // A refused request (such as a form post without a valid anti-forgery token) is the client's error.
                StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            });
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/alive").AllowAnonymous();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
