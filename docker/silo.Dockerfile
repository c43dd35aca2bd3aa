# syntax=docker/dockerfile:1
# The control-plane silo. Build context: the repository root.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY protos/Mesh.Protos/Mesh.Protos.csproj protos/Mesh.Protos/
COPY grains/Mesh.Model/Mesh.Model.csproj grains/Mesh.Model/
COPY grains/Mesh.Grains.Abstractions/Mesh.Grains.Abstractions.csproj grains/Mesh.Grains.Abstractions/
COPY grains/Mesh.Grains/Mesh.Grains.csproj grains/Mesh.Grains/
COPY silo/Mesh.Silo/Mesh.Silo.csproj silo/Mesh.Silo/
RUN dotnet restore silo/Mesh.Silo/Mesh.Silo.csproj
COPY protos/Mesh.Protos/ protos/Mesh.Protos/
COPY grains/Mesh.Model/ grains/Mesh.Model/
COPY grains/Mesh.Grains.Abstractions/ grains/Mesh.Grains.Abstractions/
COPY grains/Mesh.Grains/ grains/Mesh.Grains/
COPY silo/Mesh.Silo/ silo/Mesh.Silo/
RUN dotnet publish silo/Mesh.Silo/Mesh.Silo.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=0755 docker/silo-entrypoint.sh docker/http-probe.sh /usr/local/bin/
USER $APP_UID
# Rules API, proxy API (h2c), silo-to-silo, Orleans gateway (the admin UI).
EXPOSE 8080 15010 11111 30000
ENTRYPOINT ["/usr/local/bin/silo-entrypoint.sh"]
