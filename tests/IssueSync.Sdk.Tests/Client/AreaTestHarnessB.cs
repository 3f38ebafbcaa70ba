using System.Net;
using System.Text;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>
/// The real DI pipeline (handlers included) over a MockHttp primary handler, for the Comments and
/// Subscriptions area tests: every expected request is recorded as sent, so tests can assert the
/// exact method, URL, headers and body bytes with readable failures.
/// </summary>
internal sealed class AreaTestHarnessB : IDisposable
{
    public const string OrganizationUrl = "https://dev.azure.com/fabrikam/";
    public const string Pat = "pat";

    private readonly ServiceProvider _provider;

    public AreaTestHarnessB()
    {
        // An unexpected request fails the test loudly instead of turning into a 404.
        Mock.Fallback.Throw(new InvalidOperationException("AreaTestHarnessB: a request matched no expectation."));
        var services = new ServiceCollection();
        services.AddVstsIssueSync(TestResilience.NoRealWaits(services, new FakeTimeProvider(), retries: false)).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => Mock);
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<IVstsClientFactory>()
            .CreateClient(new VstsConnection(new Uri(OrganizationUrl), VstsCredential.PersonalAccessToken(Pat)));
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public IVstsClient Client { get; }

    /// <summary>Requests as they reached the primary handler, in order.</summary>
    public List<SentRequest> Sent { get; } = [];

    /// <summary>Expects one request to <paramref name="url"/> (checked exactly by <see cref="AssertSent"/>) and answers it.</summary>
    public MockedRequest Expect(HttpMethod method, string url, HttpStatusCode status = HttpStatusCode.OK, string? json = null, IReadOnlyDictionary<string, string>? responseHeaders = null) =>
        Mock.Expect(method, url).Respond(async request =>
        {
            Sent.Add(await SentRequest.CaptureAsync(request));
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            foreach (var (name, value) in responseHeaders ?? new Dictionary<string, string>())
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });

    /// <summary>
    /// Asserts request <paramref name="index"/> exactly: method, absolute URL with query, the operation
    /// name and idempotency mark the handlers see, the headers every call carries and, when <paramref name="body"/> is given, <c>application/json</c> and the body bytes.
    /// </summary>
    public void AssertSent(int index, HttpMethod method, string url, string apiVersion, string operation, bool idempotent, string? body = null)
    {
        Assert.True(Sent.Count > index, $"Expected at least {index + 1} request(s), got {Sent.Count}.");
        var sent = Sent[index];
        Assert.Equal(method, sent.Method);
        Assert.Equal(url, sent.Url);
        Assert.Equal(operation, sent.Operation);
        Assert.Equal(idempotent, sent.IsIdempotent);
        Assert.Equal($"application/json; api-version={apiVersion}", sent.Header("Accept"));
        Assert.Equal("Suppress", sent.Header("X-TFS-FedAuthRedirect"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Pat)), sent.Header("Authorization"));
        Assert.StartsWith("IssueSync.Sdk/", sent.Header("User-Agent"), StringComparison.Ordinal);
        if (body is null)
        {
            Assert.Null(sent.ContentType);
            Assert.Empty(sent.Body);
        }
        else
        {
            Assert.Equal("application/json", sent.ContentType);
            Assert.Equal(body, Encoding.UTF8.GetString(sent.Body));
            Assert.Equal(Encoding.UTF8.GetBytes(body), sent.Body);
        }
    }

    /// <summary>Checks every expectation was met, then that no other request was made.</summary>
    public void VerifyAll(int expectedCount)
    {
        Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(expectedCount, Sent.Count);
    }

    public void Dispose()
    {
        _provider.Dispose();
        Mock.Dispose();
    }

    /// <summary>An Azure DevOps error body, as the classifier reads it.</summary>
    public static string ErrorJson(string message, string typeKey) =>
        $$"""{"$id":"1","innerException":null,"message":"{{message}}","typeName":"Microsoft.TeamFoundation.{{typeKey}}, Microsoft.TeamFoundation","typeKey":"{{typeKey}}","errorCode":0,"eventId":3000}""";

    /// <summary>The error statuses each area must surface, with the kind each becomes.</summary>
    public static TheoryData<HttpStatusCode, VstsErrorKind> ErrorStatuses() => new()
    {
        { HttpStatusCode.Unauthorized, VstsErrorKind.Unauthorized },
        { HttpStatusCode.Forbidden, VstsErrorKind.Forbidden },
        { HttpStatusCode.NotFound, VstsErrorKind.NotFound },
        { HttpStatusCode.Conflict, VstsErrorKind.Conflict },
        { HttpStatusCode.InternalServerError, VstsErrorKind.Server },
    };
}

/// <summary>One request as the primary handler received it.</summary>
internal sealed record SentRequest(HttpMethod Method, string Url, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body, string? Operation, bool? IsIdempotent)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static async Task<SentRequest> CaptureAsync(HttpRequestMessage request)
    {
        // NonValidated: the header values exactly as they go on the wire.
        var headers = request.Headers.NonValidated.ToDictionary(static h => h.Key, static h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        return new SentRequest(
            request.Method,
            request.RequestUri!.AbsoluteUri,
            headers,
            request.Content?.Headers.ContentType?.ToString(),
            body,
            request.Options.TryGetValue(VstsRequestOptions.Operation, out var operation) ? operation : null,
            request.Options.TryGetValue(VstsRequestOptions.IsIdempotent, out var idempotent) ? idempotent : null);
    }
}
