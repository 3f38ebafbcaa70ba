using System.Diagnostics;
using System.Net;
using System.Text;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>
/// The SDK as a host wires it (<c>AddVstsIssueSync</c>, the named client, the real handler chain),
/// with <see cref="MockHttpMessageHandler"/> as the primary handler. Every request that reaches the
/// mock is also recorded as sent (headers after the authentication handler, body bytes, options),
/// so tests can assert exactly what went on the wire.
/// </summary>
internal sealed class ClientTestHarness : IDisposable
{
    public const string OrganizationUrl = "https://dev.azure.com/fabrikam/";
    public const string PersonalAccessToken = "pat";

    private readonly ServiceProvider _services;
    private readonly List<RecordedRequest> _requests = [];

    public ClientTestHarness(
        string organizationUrl = OrganizationUrl,
        VstsCredential? credential = null,
        Action<VstsIssueSyncOptions>? configureOptions = null,
        Action<IHttpClientBuilder>? configureHttpClient = null,
        Action<IServiceCollection>? configureServices = null,
        IConfiguration? configuration = null,
        BackendDefinitionBehavior backends = BackendDefinitionBehavior.NoExpectations)
    {
        Mock = new MockHttpMessageHandler(backends);
        var services = new ServiceCollection();
        // Every wait and timeout of the retry layer runs on Time; retries happen at once unless a
        // test asks for real delays (and then advances Time).
        var noRealWaits = TestResilience.NoRealWaits(services, Time);
        Action<VstsIssueSyncOptions> configure = options =>
        {
            noRealWaits(options);
            configureOptions?.Invoke(options);
        };
        // With a configuration the options are bound from it (as a host does), and the actions above
        // run after the binding, every time the options are built again on a reload.
        var builder = configuration is null ? services.AddVstsIssueSync(configure) : services.AddVstsIssueSync(configuration);
        if (configuration is not null)
        {
            services.Configure(configure);
        }

        builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => Mock);
        // Innermost, after the authentication handler: sees exactly what the mock receives.
        builder.HttpClientBuilder.AddHttpMessageHandler(() => new RecordingHandler(_requests));
        configureHttpClient?.Invoke(builder.HttpClientBuilder);
        configureServices?.Invoke(services);
        _services = services.BuildServiceProvider();

        Connection = new VstsConnection(new Uri(organizationUrl), credential ?? VstsCredential.PersonalAccessToken(PersonalAccessToken));
        Client = _services.GetRequiredService<IVstsClientFactory>().CreateClient(Connection);
    }

    /// <summary>The primary handler; its backend definitions (<c>When</c>) answer as the constructor chose.</summary>
    public MockHttpMessageHandler Mock { get; }

    /// <summary>The SDK's clock: retry waits and timeouts advance only when a test advances it.</summary>
    public TestClock Time { get; } = new();

    public VstsConnection Connection { get; }

    public IVstsClient Client { get; }

    public IServiceProvider Services => _services;

    /// <summary>Every request the mock received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Forgets the requests recorded so far (e.g. after warming a cache), so indexes start at 0 again.</summary>
    public void ClearRequests()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    /// <summary>The SDK's named client: the same pipeline the area clients use.</summary>
    public HttpClient CreatePipelineClient() =>
        _services.GetRequiredService<IHttpClientFactory>().CreateClient(VstsClientOptions.HttpClientName);

    /// <summary><c>Basic base64(":" + pat)</c>: Azure DevOps' PAT scheme with an empty user name.</summary>
    public static string BasicAuthorization(string pat = PersonalAccessToken) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + pat));

    /// <summary>The <c>Accept</c> header value pinning <paramref name="apiVersion"/>.</summary>
    public static string Accept(string apiVersion) => $"application/json; api-version={apiVersion}";

    /// <summary>Expects one request with this method and exactly this absolute URL (query included).</summary>
    public MockedRequest Expect(HttpMethod method, string url) =>
        Mock.Expect(method, url).With(request => request.RequestUri?.AbsoluteUri == url);

    /// <summary>Expects one request and answers it with a JSON body.</summary>
    public MockedRequest ExpectJson(HttpMethod method, string url, string responseJson)
    {
        var expectation = Expect(method, url);
        expectation.Respond("application/json", responseJson);
        return expectation;
    }

    /// <summary>
    /// Asserts request <paramref name="index"/> used <paramref name="method"/> and exactly
    /// <paramref name="url"/>, and carried the headers every Azure DevOps call needs.
    /// </summary>
    public RecordedRequest AssertSent(int index, HttpMethod method, string url, string apiVersion = "7.1", string pat = PersonalAccessToken)
    {
        var requests = Requests;
        Assert.True(index < requests.Count, $"Request #{index} was never sent ({requests.Count} sent).");
        var request = requests[index];
        Assert.Equal(method, request.Method);
        Assert.Equal(url, request.Url);
        Assert.Equal(Accept(apiVersion), request.Header("Accept"));
        Assert.Equal("Suppress", request.Header("X-TFS-FedAuthRedirect"));
        Assert.StartsWith("IssueSync.Sdk/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal(BasicAuthorization(pat), request.Header("Authorization"));
        return request;
    }

    /// <summary>Asserts the only request sent and returns it.</summary>
    public RecordedRequest AssertSingleSent(HttpMethod method, string url, string apiVersion = "7.1")
    {
        Assert.Single(Requests);
        Mock.VerifyNoOutstandingExpectation();
        return AssertSent(0, method, url, apiVersion);
    }

    public void Dispose() => _services.Dispose();

    /// <summary>A JSON answer with extra response headers (e.g. <c>x-ms-continuationtoken</c>).</summary>
    public static HttpResponseMessage JsonResponse(string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    /// <summary>
    /// Expects one request that never gets an answer: the mock waits on the request's own
    /// cancellation token, so only HttpClient's timeout or the caller's cancellation ends it.
    /// <paramref name="onReceived"/> runs when the request arrives (e.g. to cancel the caller's token then).
    /// </summary>
    public void ExpectNoAnswer(HttpMethod method, string url, Action? onReceived = null) =>
        Mock.AddRequestExpectation(new UnansweredRequest(method, url, onReceived));

    /// <summary>What one request looked like when it reached the mock.</summary>
    public sealed record RecordedRequest(
        HttpMethod Method,
        string Url,
        IReadOnlyDictionary<string, string> Headers,
        string? ContentType,
        byte[]? Body,
        string? Operation,
        bool? IsIdempotent,
        VstsConnection? Connection)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        public string BodyText => Body is null ? string.Empty : Encoding.UTF8.GetString(Body);

        /// <summary>Asserts the body is exactly <paramref name="json"/> (UTF-8 bytes) with <paramref name="contentType"/>.</summary>
        public void AssertBody(string contentType, string json)
        {
            Assert.Equal(contentType, ContentType);
            Assert.Equal(json, BodyText);
            Assert.Equal(Encoding.UTF8.GetBytes(json), Body);
        }

        internal static RecordedRequest From(HttpRequestMessage request)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            // As HttpClient writes them: multi-valued headers joined with their own separator (a space for User-Agent).
            foreach (var (name, values) in request.Headers.NonValidated)
            {
                headers[name] = values.ToString();
            }

            return new RecordedRequest(
                request.Method,
                request.RequestUri!.AbsoluteUri,
                headers,
                request.Content?.Headers.ContentType?.ToString(),
                request.Content?.ReadAsByteArrayAsync().GetAwaiter().GetResult(),
                request.Options.TryGetValue(VstsRequestOptions.Operation, out var operation) ? operation : null,
                request.Options.TryGetValue(VstsRequestOptions.IsIdempotent, out var idempotent) ? idempotent : null,
                request.Options.TryGetValue(VstsRequestOptions.Connection, out var connection) ? connection : null);
        }
    }

    private sealed class RecordingHandler(List<RecordedRequest> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var recorded = RecordedRequest.From(request);
            lock (requests)
            {
                requests.Add(recorded);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class UnansweredRequest(HttpMethod method, string url, Action? onReceived) : IMockedRequest
    {
        public bool Matches(HttpRequestMessage message) => message.Method == method && message.RequestUri?.AbsoluteUri == url;

        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            onReceived?.Invoke();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new UnreachableException("An infinite delay ended without cancellation.");
        }
    }
}

/// <summary>A test class with a fresh <see cref="ClientTestHarness"/> per test (xunit creates one instance per test).</summary>
public abstract class ClientTestBase : IDisposable
{
    private protected ClientTestHarness Harness { get; } = new();

    public void Dispose()
    {
        Harness.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Media types as the SDK sends them.</summary>
internal static class MediaTypes
{
    public const string JsonPatch = "application/json-patch+json";
    public const string Json = "application/json";
}
