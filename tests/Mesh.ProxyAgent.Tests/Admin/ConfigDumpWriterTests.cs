using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Mesh.Protos.Discovery.V1;
using Mesh.ProxyAgent.Admin;
using Mesh.ProxyAgent.ControlPlane;
using Mesh.ProxyAgent.Health;
using Mesh.ProxyAgent.Hosting;
using Mesh.ProxyAgent.Routing;
using static Mesh.ProxyAgent.Tests.Infrastructure.TestConfigs;
using ProtoFault = Mesh.Protos.Discovery.V1.FaultInjection;

namespace Mesh.ProxyAgent.Tests.Admin;

public sealed class ConfigDumpWriterTests
{
    private static readonly ProxyAgentOptions Options = new()
    {
        ControlPlane = [new Uri("http://127.0.0.1:5000")],
        Service = "svc-a",
        ProxyId = "svc-a-1",
        AppUrl = new Uri("http://127.0.0.1:8080"),
        CacheDir = "/var/cache/mesh",
    };

    private static AgentServiceSnapshot Compile(ServiceConfig config) => AgentConfigCompiler.Compile(config, DefaultGuard).Snapshot!;

    /// <summary>A service using every route option and every part of the service policy.</summary>
    private static ServiceConfig Everything()
    {
        var beta = Split("beta", ("v2", 100));
        beta.Match = new RouteMatch
        {
            Headers = { ["x-user-group"] = new StringMatch { Exact = "beta" } },
            Path = new StringMatch { Prefix = "/api" },
            Query = { ["id"] = new StringMatch { Regex = "[0-9]+<&>" } },
            Cookies = { ["canary"] = new StringMatch { Present = false } },
            Methods = { "GET", "POST" },
        };
        beta.TimeoutMs = 2000;
        beta.Retries = new RetryPolicy { Attempts = 2, PerTryTimeoutMs = 500, RetryOn = { "5xx", "reset" } };
        beta.Fault = new ProtoFault { DelayPercent = 12.5, DelayMs = 300, AbortPercent = 5, AbortStatus = 503 };
        beta.Mirror = new Mirror { Subset = "v1", Percent = 100 };
        var rest = Split("default", ("v1", 90), ("v2", 10));
        rest.Retries = new RetryPolicy { Attempts = 1 };
        rest.Fault = new ProtoFault { AbortPercent = 50, AbortStatus = 500 };
        var config = Service("svc-b", 7, beta, rest)
            .WithSubsets("v1", "v2")
            .WithEndpoint("b-1", "http://127.0.0.1:9001", "v1")
            .WithEndpoint("b-2", "http://127.0.0.1:9002", "v2", healthy: false);
        config.Endpoints[0].Labels["zone"] = "zürich";
        config.Policy = new ServicePolicy
        {
            LoadBalancer = new LoadBalancer { Algorithm = "consistent-hash", HashCookie = "session" },
            CircuitBreaker = new CircuitBreaker { MaxConcurrentRequests = 100, MaxPendingRequests = 0 },
            OutlierDetection = new OutlierDetection { Consecutive5Xx = 5, IntervalMs = 10_000, BaseEjectionMs = 60_000, MaxEjectionPercent = 50 },
            HealthCheck = new HealthCheck { Path = "/healthz", IntervalMs = 1500, UnhealthyThreshold = 3, HealthyThreshold = 2 },
            RateLimit = new RateLimit { RequestsPerSecond = 100, Burst = 20, Scope = "service" },
        };
        return config;
    }

    private static string Dump(ProxyAgentOptions options, IReadOnlyDictionary<string, AgentServiceSnapshot> services, SessionState session, AppHealth? health) =>
        Encoding.UTF8.GetString(ConfigDumpWriter.Write(options, services, session, health));

    /// <summary>
    /// The whole document as the serialized dump records wrote it before this writer replaced them (captured then):
    /// field names and their order, values, durations, and which options are left out.
    /// </summary>
    [Fact]
    public void Write_EveryOptionInForce_WritesTheRulesApiShape()
    {
        var cached = Compile(Service("svc-c", 3).WithEndpoint("c-1", "http://127.0.0.1:9101"));
        var random = Service("svc-d", 1);
        random.Policy = new ServicePolicy { LoadBalancer = new LoadBalancer { Algorithm = "random", HashHeader = "x-ignored" } };
        var services = new Dictionary<string, AgentServiceSnapshot> { ["svc-d"] = Compile(random), ["svc-c"] = cached, ["svc-b"] = Compile(Everything()) };
        var session = new SessionState
        {
            Silo = "silo-1",
            Connected = true,
            ControlPlane = [new Uri("http://127.0.0.1:5000"), new Uri("http://10.0.0.2:5000/")],
            FromCache = ImmutableDictionary<string, AgentServiceSnapshot>.Empty.Add("svc-c", cached),
        };

        Assert.Equal(Full, Dump(Options, services, session, new AppHealth(false, "probe /healthz: 503")));
    }

    [Fact]
    public void Write_NoAppNoCacheNoSession_LeavesOutHealthAndSources() =>
        Assert.Equal(
            """
            {"proxyId":"svc-a-1","service":"svc-a","silo":null,"connected":false,"controlPlane":[],"services":[]}
            """,
            Dump(Options with { AppUrl = null, CacheDir = null }, new Dictionary<string, AgentServiceSnapshot>(), new SessionState(), new AppHealth(true, "ok")));

    private static readonly string Full = JsonNode.Parse(
        """
        {
          "proxyId": "svc-a-1",
          "service": "svc-a",
          "silo": "silo-1",
          "connected": true,
          "controlPlane": [
            "http://127.0.0.1:5000/",
            "http://10.0.0.2:5000/"
          ],
          "health": {
            "healthy": false,
            "detail": "probe /healthz: 503"
          },
          "services": [
            {
              "service": "svc-b",
              "version": 7,
              "routes": [
                {
                  "name": "beta",
                  "match": {
                    "headers": {
                      "x-user-group": {
                        "exact": "beta"
                      }
                    },
                    "path": {
                      "prefix": "/api"
                    },
                    "query": {
                      "id": {
                        "regex": "[0-9]+<&>"
                      }
                    },
                    "cookies": {
                      "canary": {
                        "present": false
                      }
                    },
                    "methods": [
                      "GET",
                      "POST"
                    ]
                  },
                  "destinations": [
                    {
                      "subset": "v2",
                      "weight": 100
                    }
                  ],
                  "timeout": "2s",
                  "retries": {
                    "attempts": 2,
                    "perTryTimeout": "500ms",
                    "retryOn": [
                      "5xx",
                      "reset"
                    ]
                  },
                  "fault": {
                    "delay": {
                      "percent": 12.5,
                      "fixedDelay": "300ms"
                    },
                    "abort": {
                      "percent": 5,
                      "httpStatus": 503
                    }
                  },
                  "mirror": {
                    "subset": "v1",
                    "percent": 100
                  }
                },
                {
                  "name": "default",
                  "destinations": [
                    {
                      "subset": "v1",
                      "weight": 90
                    },
                    {
                      "subset": "v2",
                      "weight": 10
                    }
                  ],
                  "retries": {
                    "attempts": 1,
                    "retryOn": []
                  },
                  "fault": {
                    "abort": {
                      "percent": 50,
                      "httpStatus": 500
                    }
                  }
                }
              ],
              "endpoints": [
                {
                  "id": "b-1",
                  "address": "http://127.0.0.1:9001",
                  "labels": {
                    "version": "v1",
                    "zone": "zürich"
                  },
                  "healthy": true
                },
                {
                  "id": "b-2",
                  "address": "http://127.0.0.1:9002",
                  "labels": {
                    "version": "v2"
                  },
                  "healthy": false
                }
              ],
              "subsets": [
                {
                  "name": "v1",
                  "labels": {
                    "version": "v1"
                  }
                },
                {
                  "name": "v2",
                  "labels": {
                    "version": "v2"
                  }
                }
              ],
              "loadBalancer": {
                "algorithm": "consistent-hash",
                "hashOn": {
                  "cookie": "session"
                }
              },
              "circuitBreaker": {
                "maxConcurrentRequests": 100,
                "maxPendingRequests": 0
              },
              "outlierDetection": {
                "consecutive5xx": 5,
                "interval": "10s",
                "baseEjectionTime": "1m",
                "maxEjectionPercent": 50
              },
              "healthCheck": {
                "path": "/healthz",
                "interval": "1500ms",
                "unhealthyThreshold": 3,
                "healthyThreshold": 2
              },
              "rateLimit": {
                "requestsPerSecond": 100,
                "burst": 20,
                "scope": "service"
              }
            },
            {
              "service": "svc-c",
              "version": 3,
              "routes": [],
              "endpoints": [
                {
                  "id": "c-1",
                  "address": "http://127.0.0.1:9101",
                  "labels": {},
                  "healthy": true
                }
              ],
              "subsets": []
            },
            {
              "service": "svc-d",
              "version": 1,
              "routes": [],
              "endpoints": [],
              "subsets": [],
              "loadBalancer": {
                "algorithm": "random"
              }
            }
          ],
          "sources": [
            {
              "service": "svc-b",
              "version": 7,
              "source": "control-plane"
            },
            {
              "service": "svc-c",
              "version": 3,
              "source": "cache"
            },
            {
              "service": "svc-d",
              "version": 1,
              "source": "control-plane"
            }
          ]
        }
        """)!.ToJsonString();
}
