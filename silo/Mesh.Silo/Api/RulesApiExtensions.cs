namespace Mesh.Silo.Api;

/// <summary>Registers and maps the Rules API (REST + JSON) served by every silo.</summary>
internal static class RulesApiExtensions
{
    public static WebApplicationBuilder AddRulesApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => JsonBody.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                c.ProblemDetails.Detail = "send the body as application/json (or without a Content-Type)";
            }
        });
        builder.Services.AddExceptionHandler<StoreFailureHandler>();
        builder.Services.AddOpenApi("v1");
        return builder;
    }

    public static WebApplication MapRulesApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGroup("/api/v1")
            .MapServices()
            .MapRoutes()
            .MapPolicies()
            .MapProxies();
        return app;
    }
}
