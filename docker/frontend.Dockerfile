# syntax=docker/dockerfile:1
# The demo's frontend app. Build context: the repository root.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY demo/Mesh.Demo.Frontend/Mesh.Demo.Frontend.csproj demo/Mesh.Demo.Frontend/
RUN dotnet restore demo/Mesh.Demo.Frontend/Mesh.Demo.Frontend.csproj
COPY demo/Mesh.Demo.Frontend/ demo/Mesh.Demo.Frontend/
RUN dotnet publish demo/Mesh.Demo.Frontend/Mesh.Demo.Frontend.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=0755 docker/http-probe.sh /usr/local/bin/
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/Mesh.Demo.Frontend.dll"]
