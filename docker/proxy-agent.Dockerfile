# syntax=docker/dockerfile:1
# The sidecar proxy agent. Build context: the repository root.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY protos/Mesh.Protos/Mesh.Protos.csproj protos/Mesh.Protos/
COPY grains/Mesh.Model/Mesh.Model.csproj grains/Mesh.Model/
COPY proxy-agent/Mesh.ProxyAgent/Mesh.ProxyAgent.csproj proxy-agent/Mesh.ProxyAgent/
RUN dotnet restore proxy-agent/Mesh.ProxyAgent/Mesh.ProxyAgent.csproj
COPY protos/Mesh.Protos/ protos/Mesh.Protos/
COPY grains/Mesh.Model/ grains/Mesh.Model/
COPY proxy-agent/Mesh.ProxyAgent/ proxy-agent/Mesh.ProxyAgent/
RUN dotnet publish proxy-agent/Mesh.ProxyAgent/Mesh.ProxyAgent.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=0755 docker/proxy-agent-entrypoint.sh docker/http-probe.sh /usr/local/bin/
USER $APP_UID
# Outbound (the app's calls), inbound (other proxies), admin.
EXPOSE 15001 15006 15000
ENTRYPOINT ["/usr/local/bin/proxy-agent-entrypoint.sh"]
