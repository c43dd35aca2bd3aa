using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Mesh.Model.Naming;

namespace Mesh.ProxyAgent.Hosting;

/// <summary>Reads and checks the <c>Mesh:*</c> settings; a bad setting stops the agent with a message naming it.</summary>
internal static class ProxyAgentSettings
{
    public const int MaxDrainSeconds = 300;

    public static SettingsResult Read(IConfiguration configuration)
    {
        var errors = new List<string>();
        var defaults = new ProxyAgentOptions { ControlPlane = [], Service = "", ProxyId = "" };

        var controlPlane = ReadControlPlane(configuration["Mesh:ControlPlane"], errors);

        var service = configuration["Mesh:Service"]?.Trim();
        if (string.IsNullOrEmpty(service))
        {
            errors.Add("Mesh:Service is required: the service this proxy fronts, e.g. --Mesh:Service=svc-a");
        }
        else if (!NameRules.IsServiceName(service))
        {
            errors.Add($"Mesh:Service '{service}' is not a service name (lower-case DNS-1123 subdomain, at most 253 characters)");
        }

        var version = Optional(configuration["Mesh:Version"]);
        if (version is not null && !NameRules.IsLabelValue(version))
        {
            errors.Add($"Mesh:Version '{version}' is not a label value (letters, digits, '-', '_', '.'; at most 63 characters)");
        }

        var proxyId = Optional(configuration["Mesh:ProxyId"]);
        if (proxyId is not null && !NameRules.IsId(proxyId))
        {
            errors.Add($"Mesh:ProxyId '{proxyId}' is not a proxy id (letters, digits, '-', '_', '.', ':', starting and ending with a letter or digit; at most 128 characters)");
        }

        var appUrl = Optional(configuration["Mesh:AppUrl"]) is { } app ? ReadAppUrl(app, errors) : null;
        var inbound = ReadListener(configuration, "Mesh:InboundUrl", defaults.InboundUrl, errors);
        var outbound = ReadListener(configuration, "Mesh:OutboundUrl", defaults.OutboundUrl, errors);
        var admin = ReadListener(configuration, "Mesh:AdminUrl", defaults.AdminUrl, errors);
        CheckDistinctPorts(inbound, outbound, admin, errors);

        var upstreams = ReadUpstreams(configuration["Mesh:Upstreams"], errors);
        var drain = ReadDrain(configuration["Mesh:DrainSeconds"], defaults.Drain, errors);
        var cacheDir = Optional(configuration["Mesh:CacheDir"]) is { } dir ? ReadCacheDir(dir, errors) : null;

        if (errors.Count > 0)
        {
            return new SettingsResult { Errors = errors };
        }

        return new SettingsResult
        {
            Options = new ProxyAgentOptions
            {
                ControlPlane = controlPlane,
                Service = service!,
                Version = version,
                ProxyId = proxyId ?? GenerateProxyId(service!),
                AppUrl = appUrl,
                InboundUrl = inbound!,
                OutboundUrl = outbound!,
                AdminUrl = admin!,
                Upstreams = upstreams,
                Drain = drain,
                CacheDir = cacheDir,
            },
        };
    }

    /// <summary><c>{service}-{machine}-{random}</c>, cut to the 128 characters a proxy id may have.</summary>
    public static string GenerateProxyId(string service)
    {
        var machine = new string(Environment.MachineName.ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        var suffix = "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        var id = $"{service}-{machine}";
        return (id.Length + suffix.Length > 128 ? id[..(128 - suffix.Length)] : id) + suffix;
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<Uri> ReadControlPlane(string? value, List<string> errors)
    {
        var urls = new List<Uri>();
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add("Mesh:ControlPlane is required: comma-separated discovery URLs of silos, e.g. --Mesh:ControlPlane=http://127.0.0.1:15010");
            return urls;
        }

        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsHttpUrl(part, out var url))
            {
                errors.Add($"Mesh:ControlPlane entry '{part}' is not an absolute http or https URL");
            }
            else if (!urls.Contains(url))
            {
                urls.Add(url);
            }
        }

        return urls;
    }

    private static Uri? ReadAppUrl(string value, List<string> errors)
    {
        if (IsHttpUrl(value, out var url))
        {
            return url;
        }

        errors.Add($"Mesh:AppUrl '{value}' is not an absolute http or https URL");
        return null;
    }

    private static Uri? ReadListener(IConfiguration configuration, string key, Uri fallback, List<string> errors)
    {
        if (Optional(configuration[key]) is not { } value)
        {
            return fallback;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"{key} '{value}' is not an absolute http URL (the listeners speak plain HTTP/1.1)");
            return null;
        }

        if (url.Port == 0)
        {
            errors.Add($"{key} '{value}' must name a fixed port: listeners are told apart by their local port");
            return null;
        }

        if (url.AbsolutePath != "/" || url.Query.Length > 0)
        {
            errors.Add($"{key} '{value}' must be scheme, host and port only");
            return null;
        }

        if (!url.IsLoopback && !IPAddress.TryParse(url.DnsSafeHost, out _))
        {
            errors.Add($"{key} '{value}' must bind an IP address or localhost");
            return null;
        }

        return url;
    }

    private static void CheckDistinctPorts(Uri? inbound, Uri? outbound, Uri? admin, List<string> errors)
    {
        if (inbound is null || outbound is null || admin is null)
        {
            return;
        }

        if (inbound.Port == outbound.Port || inbound.Port == admin.Port || outbound.Port == admin.Port)
        {
            errors.Add($"Mesh:InboundUrl, Mesh:OutboundUrl and Mesh:AdminUrl must use three different ports " +
                $"(they are {inbound.Port}, {outbound.Port} and {admin.Port}): requests are dispatched by local port");
        }
    }

    private static List<string> ReadUpstreams(string? value, List<string> errors)
    {
        var upstreams = new List<string>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = part.ToLowerInvariant();
            if (!NameRules.IsServiceName(name))
            {
                errors.Add($"Mesh:Upstreams entry '{part}' is not a service name");
            }
            else if (!upstreams.Contains(name))
            {
                upstreams.Add(name);
            }
        }

        return upstreams;
    }

    private static TimeSpan ReadDrain(string? value, TimeSpan fallback, List<string> errors)
    {
        if (Optional(value) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxDrainSeconds)
        {
            errors.Add($"Mesh:DrainSeconds '{text}' is not a whole number of seconds from 0 to {MaxDrainSeconds}");
            return fallback;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static string? ReadCacheDir(string value, List<string> errors)
    {
        try
        {
            var full = Path.GetFullPath(value);
            if (File.Exists(full))
            {
                errors.Add($"Mesh:CacheDir '{value}' is a file, not a directory");
                return null;
            }

            return full;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add($"Mesh:CacheDir '{value}' is not a directory path: {ex.Message}");
            return null;
        }
    }

    private static bool IsHttpUrl(string value, out Uri url)
    {
        url = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        url = parsed;
        return true;
    }
}
