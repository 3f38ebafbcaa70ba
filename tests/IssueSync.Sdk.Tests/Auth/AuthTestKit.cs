using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Azure.Core;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Auth;

/// <summary>
/// The SDK's real pipeline with a bearer credential: fake time, a fake token store, a FakeLogger at
/// Trace level, and one <see cref="MockHttpMessageHandler"/> behind both the API client and the
/// OAuth token client. <see cref="Events"/> records store saves and API sends in order.
/// </summary>
internal sealed class AuthTestKit : IDisposable
{
    public const string ApiUrl = "https://dev.azure.com/fabrikam/_apis/projects";
    public const string EntraEndpoint = "https://login.microsoftonline.com/contoso-tenant/oauth2/v2.0/token";
    public const string AzureDevOpsEndpoint = "https://app.vssps.visualstudio.com/oauth2/token";
    public const string ClientId = "client-id-123";
    public const string ClientSecret = "client-secret-SECRET";
    public const string RedirectUri = "https://host.example/extensions/vsts/setup/";
    public const string IdentityId = "identity-1";

    public AuthTestKit(
        Func<FakeTimeProvider, VstsCredential>? credential = null,
        bool withTokenStore = true,
        bool withOAuthSettings = true,
        Action<VstsIssueSyncOptions>? configureOptions = null,
        IConfiguration? configuration = null)
    {
        Store = new FakeTokenStore(Events);
        Harness = new ClientTestHarness(
            credential: credential?.Invoke(Time) ?? VstsCredential.OAuthIdentity(IdentityId),
            configureOptions: options =>
            {
                if (withOAuthSettings)
                {
                    options.OAuth.TenantId = "contoso-tenant";
                    options.OAuth.ClientId = ClientId;
                    options.OAuth.ClientSecret = ClientSecret;
                    options.OAuth.RedirectUri = RedirectUri;
                }

                configureOptions?.Invoke(options);
            },
            configureServices: services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
                services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
                services.AddHttpClient(VstsOAuthOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Mock);
                if (withTokenStore)
                {
                    services.AddSingleton<ITokenStore>(Store);
                }
            },
            configuration: configuration);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public ConcurrentQueue<string> Events { get; } = new();

    public FakeTokenStore Store { get; }

    public ClientTestHarness Harness { get; }

    public MockHttpMessageHandler Mock => Harness.Mock;

    public FakeLogCollector Logs => Harness.Services.GetFakeLogCollector();

    public VstsTokenSet Tokens(string access, string refresh, TimeSpan expiresIn) =>
        new() { AccessToken = access, RefreshToken = refresh, ExpiresAt = Time.GetUtcNow() + expiresIn };

    /// <summary>The token endpoint answers with a rotated set.</summary>
    public MockedRequest WhenTokenEndpoint(string access = "access-NEW", string refresh = "refresh-NEW", string url = EntraEndpoint) =>
        Mock.When(HttpMethod.Post, url).Respond("application/json", $$"""{"access_token":"{{access}}","token_type":"Bearer","expires_in":3600,"refresh_token":"{{refresh}}"}""");

    /// <summary>The API answers 200 to <paramref name="bearer"/> and 401 to anything else; each send is recorded.</summary>
    public MockedRequest WhenApi(string bearer, string url = ApiUrl) => WhenApiAccepting(url, bearer);

    /// <summary>The API answers 200 to any of <paramref name="bearers"/> and 401 to anything else.</summary>
    public MockedRequest WhenApiAccepting(string url, params string[] bearers) =>
        Mock.When(HttpMethod.Get, url).Respond(request =>
        {
            var authorization = request.Headers.Authorization?.ToString();
            Events.Enqueue("send " + authorization);
            var accepted = bearers.Any(bearer => authorization == "Bearer " + bearer);
            return new HttpResponseMessage(accepted ? HttpStatusCode.OK : HttpStatusCode.Unauthorized)
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
        });

    /// <summary>Sends one request through the SDK's pipeline as an area client would.</summary>
    public async Task<HttpStatusCode> SendAsync(string url = ApiUrl, CancellationToken cancellationToken = default)
    {
        using var http = Harness.CreatePipelineClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(VstsRequestOptions.Connection, Harness.Connection);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    public void Dispose() => Harness.Dispose();
}

/// <summary>A compare-and-set token store; saves can be made to conflict or throw.</summary>
internal sealed class FakeTokenStore(ConcurrentQueue<string> events) : ITokenStore
{
    private readonly Lock _gate = new();
    private VstsTokenSet? _stored;

    /// <summary>Runs before a save; return <see langword="false"/> to report a conflict, or throw.</summary>
    public Func<VstsTokenSet, bool>? BeforeSave { get; set; }

    public int SaveCalls;

    public VstsTokenSet? Stored
    {
        get
        {
            lock (_gate)
            {
                return _stored;
            }
        }
    }

    public void Put(VstsTokenSet tokens)
    {
        lock (_gate)
        {
            _stored = tokens with { Version = (_stored?.Version ?? 0) + 1 };
        }
    }

    public Task<VstsTokenSet?> GetAsync(string identityId, CancellationToken cancellationToken = default) => Task.FromResult(Stored);

    public Task<bool> TrySaveAsync(string identityId, VstsTokenSet tokens, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref SaveCalls);
        if (BeforeSave is { } before && !before(tokens))
        {
            return Task.FromResult(false);
        }

        lock (_gate)
        {
            if ((_stored?.Version ?? 0) != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _stored = tokens with { Version = expectedVersion + 1 };
        }

        events.Enqueue("save " + tokens.AccessToken);
        return Task.FromResult(true);
    }
}

/// <summary>A TokenCredential that counts calls and records the scopes asked for.</summary>
internal sealed class CountingTokenCredential(TimeProvider time, TimeSpan lifetime) : TokenCredential
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string[]? LastScopes { get; private set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        LastScopes = requestContext.Scopes;
        return new AccessToken($"app-token-{call}", time.GetUtcNow() + lifetime);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
