# syntax=docker/dockerfile:1
# The admin UI. Build context: the repository root.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY grains/Mesh.Model/Mesh.Model.csproj grains/Mesh.Model/
COPY grains/Mesh.Grains.Abstractions/Mesh.Grains.Abstractions.csproj grains/Mesh.Grains.Abstractions/
COPY admin-ui/Mesh.AdminUi/Mesh.AdminUi.csproj admin-ui/Mesh.AdminUi/
RUN dotnet restore admin-ui/Mesh.AdminUi/Mesh.AdminUi.csproj
COPY grains/Mesh.Model/ grains/Mesh.Model/
COPY grains/Mesh.Grains.Abstractions/ grains/Mesh.Grains.Abstractions/
COPY admin-ui/Mesh.AdminUi/ admin-ui/Mesh.AdminUi/
RUN dotnet publish admin-ui/Mesh.AdminUi/Mesh.AdminUi.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=0755 docker/http-probe.sh /usr/local/bin/
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/Mesh.AdminUi.dll"]
