using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.IntegrationTests.Redis;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Redis;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.IntegrationTests.ScaleOut;

/// <summary>
/// N instances of a host behind a load balancer, as a host that outgrew one machine runs them: N separate
/// service providers, each with <c>AddVstsIssueSync</c> and <c>AddRedisSyncState</c> (its own multiplexer,
/// one key prefix per cluster), all sharing the host's database (one set of the Testing package's in-memory
/// host stores, optionally behind <see cref="DelayingGroupStore"/>/<see cref="DelayingAssigneeStore"/>),
/// pointed at one <see cref="VstsEmulator"/>. The emulator delivers to <see cref="CallbackUrl"/>, a Kestrel "load balancer"
/// endpoint that either hands each delivery to the instance <see cref="Route"/> picks (answering what its
/// <see cref="IInboundSyncHandler"/> answered, in the shape of <c>MapVstsWebhook</c>), or, with no route,
/// only captures it (200 <c>Captured</c>) so the test can post it to chosen instances in any order.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string IntegrationId = "integration-1";
    public const string HostProjectId = "host-project-1";
    public const string Updated = "workitem.updated";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);
    private readonly ConcurrentQueue<CapturedHook> _captured = new();
    private WebApplication _balancer = null!;

    private ScaleOutCluster(VstsEmulator emulator, string keyPrefix)
    {
        Emulator = emulator;
        KeyPrefix = keyPrefix;
        Assignees = new InMemoryAssigneeStore(Groups);
    }

    public VstsEmulator Emulator { get; }

    public EmulatedOrganization Organization => Emulator.Organization;

    public string KeyPrefix { get; }

    /// <summary>The host's database, shared by every instance.</summary>
    public InMemoryIntegrationStore Integrations { get; } = new();

    public InMemoryGroupStore Groups { get; } = new();

    public InMemoryAssigneeStore Assignees { get; }

    public InMemoryExternalProjectStore Projects { get; } = new();

    public InMemoryTokenStore Tokens { get; } = new();

    public IReadOnlyList<ServiceProvider> Instances { get; private set; } = [];

    /// <summary>Which instance gets a delivery the emulator posts; <see langword="null"/>: captured only, answered 200.</summary>
    public Func<CapturedHook, int>? Route { get; set; }

    /// <summary>Every delivery the balancer received, in arrival order.</summary>
    public IReadOnlyList<CapturedHook> Captured => [.. _captured];

    public Uri CallbackUrl { get; private set; } = null!;

    public VstsInstallation Installation => Integrations.Installations.Single(i => i.IntegrationId == IntegrationId);

    /// <summary>
    /// Starts the emulator, the balancer and <paramref name="instances"/> instances on the Redis of <paramref name="redis"/>,
    /// and stores one installation with every sync direction on (with the SDK's identity unless <paramref name="storeSdkIdentity"/> is false).
    /// </summary>
    public static async Task<ScaleOutCluster> StartAsync(
        RedisServerFixture redis,
        int instances = 4,
        TimeSpan? hostStoreLatency = null,
        Action<int, IVstsIssueSyncBuilder>? configure = null,
        Action<VstsIssueSyncOptions, VstsEmulator>? configureOptions = null,
        VstsEmulatorOptions? emulatorOptions = null,
        bool storeSdkIdentity = true)
    {
        var cluster = new ScaleOutCluster(await VstsEmulator.StartAsync(emulatorOptions), RedisServerFixture.NewKeyPrefix());
        try
        {
            await cluster.StartBalancerAsync();
            cluster.Instances = [.. Enumerable.Range(0, instances).Select(i => cluster.BuildInstance(redis, i, hostStoreLatency, configure, configureOptions))];
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        cluster.Integrations.Add(new VstsInstallation
        {
            IntegrationId = IntegrationId,
            OrganizationId = cluster.Organization.Id,
            OrganizationName = cluster.Organization.Name,
            OrganizationUrl = cluster.Emulator.OrganizationUrl.AbsoluteUri,
            // The identity the SDK writes as (the PAT's owner), as a host stores it: another instance's write whose
            // answer has not come yet is matched by it (a person's edits under it are still applied).
            SdkIdentityId = storeSdkIdentity ? cluster.Organization.AuthenticatedUser.Id : null,
            SyncSettings = new VstsSyncSettings { StatusInbound = true, StatusOutbound = true, AssigneeInbound = true, AssigneeOutbound = true, Comments = true },
        });
        return cluster;
    }

    public static CancellationToken Timeout() => new CancellationTokenSource(WaitLimit).Token;

    /// <summary>Creates the subscriptions (through instance 0) to the balancer.</summary>
    public Task<VstsSubscriptionReport> SubscribeAsync() =>
        Instances[0].GetRequiredService<IVstsSubscriptionManager>().EnsureAsync(Installation, CallbackUrl, Timeout());

    /// <summary>A Bug in Project 1 made by Ada, linked to a host group; Ada and Grace are host users of the group's project.</summary>
    public (EmulatedWorkItem Item, LinkedGroup Group) AddLinkedBug(string groupId, string? state = null, string? hostAssignee = null)
    {
        var fields = new Dictionary<string, object?>();
        if (state is not null)
        {
            fields["System.State"] = state;
        }

        var item = Organization.AddWorkItem("Project 1", "Bug", "Checkout fails for " + groupId, fields, by: Organization.Users[1]);
        var group = Groups.Link(IntegrationId, item.Id, new LinkedGroup(groupId, HostProjectId, IsResolved: false, VstsProjectId: item.ProjectId, AssigneeUserId: hostAssignee));
        Assignees.AddUser(HostProjectId, Ada);
        Assignees.AddUser(HostProjectId, Grace);
        return (item, group);
    }

    public static HostUser Ada { get; } = new("user-ada", ["ada@example.com"], "Ada");

    public static HostUser Grace { get; } = new("user-grace", ["grace@example.com"], "Grace");

    /// <summary>The host user id of an Azure DevOps assignee (by email), or <see langword="null"/> when unassigned.</summary>
    public static string? HostUserOf(string? assignedTo) => assignedTo switch
    {
        null or "" => null,
        _ when assignedTo.Contains("ada@example.com", StringComparison.OrdinalIgnoreCase) => Ada.UserId,
        _ when assignedTo.Contains("grace@example.com", StringComparison.OrdinalIgnoreCase) => Grace.UserId,
        _ => throw new ArgumentOutOfRangeException(nameof(assignedTo), assignedTo, "Not a host user."),
    };

    public async Task<IIssueIntegration> IntegrationAsync(int instance) =>
        await Instances[instance].GetRequiredService<IIssueIntegrationFactory>().CreateAsync(Installation, Timeout());

    /// <summary>Waits (bounded) until the balancer has received the delivery of an event (its first post).</summary>
    public async Task<CapturedHook> CapturedAsync(string eventType, int workItemId, int revision)
    {
        var delivery = await Emulator.WaitForDeliveryAsync(d => d.EventType == eventType && d.WorkItemId == workItemId && d.Revision == revision, Timeout());
        return _captured.First(c => c.NotificationId == delivery.NotificationId && c.SubscriptionId == delivery.SubscriptionId);
    }

    /// <summary>Posts a captured delivery to one instance's handler, as the balancer would.</summary>
    public Task<VstsWebhookResult> PostAsync(int instance, CapturedHook hook, CancellationToken cancellationToken = default) =>
        Instances[instance].GetRequiredService<IInboundSyncHandler>().HandleAsync(hook.Request(), cancellationToken);

    /// <summary>
    /// Posts a captured delivery to <paramref name="instance"/>, and again (to the next instance, round) while it is
    /// answered 503, as Azure DevOps retries; bounded. Returns every answer.
    /// </summary>
    public async Task<List<VstsWebhookResult>> PostUntilAcceptedAsync(int instance, CapturedHook hook, int maxAttempts = 40)
    {
        var answers = new List<VstsWebhookResult>();
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var answer = await PostAsync((instance + attempt) % Instances.Count, hook, Timeout());
            answers.Add(answer);
            if (answer.StatusCode != 503)
            {
                return answers;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 + (10 * attempt)));
        }

        return answers;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        if (_balancer is not null)
        {
            await _balancer.StopAsync();
            await _balancer.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }

    private ServiceProvider BuildInstance(RedisServerFixture redis, int index, TimeSpan? hostStoreLatency, Action<int, IVstsIssueSyncBuilder>? configure, Action<VstsIssueSyncOptions, VstsEmulator>? configureOptions)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        IGroupStore groups = hostStoreLatency is { } latency ? new DelayingGroupStore(Groups, latency, seed: index) : Groups;
        IAssigneeStore assignees = hostStoreLatency is { } latency2 ? new DelayingAssigneeStore(Assignees, latency2, seed: 100 + index) : Assignees;
        var sdk = services.AddVstsIssueSync(options =>
            {
                options.OrganizationUrl = Emulator.OrganizationUrl.AbsoluteUri;
                options.PersonalAccessToken = Emulator.PersonalAccessToken;
                options.ApplicationName = "IssueSync.Sdk.IntegrationTests.ScaleOut";
                options.Resilience.MaxRetries = 3;
                options.Resilience.BaseDelay = TimeSpan.FromMilliseconds(5);
                options.Resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(50);
                configureOptions?.Invoke(options, Emulator);
            })
            .AddIntegrationStore(_ => Integrations)
            .AddGroupStore(_ => groups)
            .AddAssigneeStore(_ => assignees)
            .AddExternalProjectStore(_ => Projects)
            .AddTokenStore(_ => Tokens)
            .AddRedisSyncState(o =>
            {
                o.Configuration = redis.ConnectionString;
                o.KeyPrefix = KeyPrefix;
            });
        configure?.Invoke(index, sdk);
        return services.BuildServiceProvider();
    }

    private async Task StartBalancerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Emulator.WebhookCertificate)));
        _balancer = builder.Build();
        _balancer.MapPost("/hooks", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var hook = new CapturedHook(body.ToArray(), headers);
            _captured.Enqueue(hook);
            if (Route is not { } route)
            {
                return Results.Text("""{"outcome":"Captured"}""", "application/json", statusCode: 200);
            }

            var result = await Instances[route(hook)].GetRequiredService<IInboundSyncHandler>().HandleAsync(hook.Request(), context.RequestAborted);
            if (result.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Text(JsonSerializer.Serialize(new { outcome = result.Outcome.ToString(), detail = result.Reason }), "application/json", statusCode: result.StatusCode);
        });
        await _balancer.StartAsync();
        var address = _balancer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        CallbackUrl = new Uri(address.TrimEnd('/') + "/hooks");
    }
}

/// <summary>One delivery as the balancer received it: the body and the headers (the shared secret among them).</summary>
internal sealed record CapturedHook(byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    private readonly JsonElement _root = JsonDocument.Parse(Body).RootElement.Clone();

    public int NotificationId => _root.GetProperty("notificationId").GetInt32();

    public string SubscriptionId => _root.GetProperty("subscriptionId").GetString()!;

    public string EventType => _root.GetProperty("eventType").GetString()!;

    public VstsWebhookRequest Request() => new(Body, Headers.Where(h => !h.Key.StartsWith(':')));

    public override string ToString() => $"{EventType} #{NotificationId}";
}
