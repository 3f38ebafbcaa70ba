using System.Net;
using System.Text;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>
/// The SDK as a host wires it (<c>AddVstsIssueSync</c>, the factory, the PAT handler) over a
/// <see cref="MockHttpMessageHandler"/>: expectations pin the exact request, nothing touches the network.
/// </summary>
internal sealed class AreaTestHarnessA : IDisposable
{
    public const string DevAzureOrganization = "https://dev.azure.com/fabrikam/";
    public const string Pat = "pat";

    /// <summary><c>Basic base64(":pat")</c>: Azure DevOps' empty user name and the token.</summary>
    public static readonly string ExpectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Pat));

    private readonly ServiceProvider _provider;

    public AreaTestHarnessA()
    {
        var services = new ServiceCollection();
        services.AddVstsIssueSync(TestResilience.NoRealWaits(services, new FakeTimeProvider(), retries: false)).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => Mock);
        _provider = services.BuildServiceProvider();
        // An unexpected request fails with a summary of why each expectation did not match.
        Mock.Fallback.ThrowMatchSummary();
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public IVstsClient CreateClient(string organizationUrl = DevAzureOrganization) =>
        CreateClient(new VstsConnection(new Uri(organizationUrl), VstsCredential.PersonalAccessToken(Pat)));

    public IVstsClient CreateClient(VstsConnection connection) =>
        _provider.GetRequiredService<IVstsClientFactory>().CreateClient(connection);

    /// <summary>
    /// Expects one request: exactly this method and absolute URL (query included), the headers every
    /// Azure DevOps call carries, and either no body or exactly <paramref name="jsonBody"/> as <c>application/json</c>.
    /// Every call of these areas reads, so each must be marked safe to resend (search POSTs included).
    /// </summary>
    public MockedRequest Expect(HttpMethod method, string url, string apiVersion, string? jsonBody = null)
    {
        var expectation = Mock.Expect(method, url)
            .With(r => r.RequestUri!.AbsoluteUri == url)
            .WithHeaders("Accept", $"application/json; api-version={apiVersion}")
            .WithHeaders("X-TFS-FedAuthRedirect", "Suppress")
            .With(r => r.Headers.Authorization?.ToString() == ExpectedAuthorization)
            .With(r => r.Headers.NonValidated.TryGetValues("User-Agent", out var agent) && agent.ToString().StartsWith("IssueSync.Sdk/", StringComparison.Ordinal))
            .With(r => r.Options.TryGetValue(VstsRequestOptions.IsIdempotent, out var idempotent) && idempotent);

        return jsonBody is null
            ? expectation.With(r => r.Content is null)
            : expectation
                .With(r => r.Content?.Headers.ContentType?.ToString() == "application/json")
                .With(r => r.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult().AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(jsonBody)));
    }

    /// <summary>
    /// Answers <paramref name="expectation"/> with <paramref name="status"/> and an Azure DevOps error
    /// body, runs <paramref name="call"/>, and checks the failure surfaces as one
    /// <see cref="VstsApiException"/> of <paramref name="kind"/> naming <paramref name="operation"/>.
    /// </summary>
    public async Task<VstsApiException> AssertFailureAsync(
        MockedRequest expectation,
        HttpStatusCode status,
        VstsErrorKind kind,
        string operation,
        Func<Task> call,
        string message = "TF400898: An internal error occurred.",
        string typeKey = "VssServiceException")
    {
        var body = $$"""{"$id":"1","innerException":null,"message":"{{message}}","typeName":"Microsoft.TeamFoundation.{{typeKey}}, Microsoft.TeamFoundation.Server.Core","typeKey":"{{typeKey}}","errorCode":0,"eventId":3000}""";
        expectation.Respond(status, "application/json", body);

        var ex = await Assert.ThrowsAsync<VstsApiException>(call);

        Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(operation, ex.Operation);
        Assert.Equal(typeKey, ex.TypeKey);
        Assert.Equal(message, ex.ServiceMessage);
        return ex;
    }

    /// <summary>The status codes every area must surface with the same kind.</summary>
    public static TheoryData<HttpStatusCode, VstsErrorKind> FailureKinds => new()
    {
        { HttpStatusCode.NotFound, VstsErrorKind.NotFound },
        { HttpStatusCode.Unauthorized, VstsErrorKind.Unauthorized },
        { HttpStatusCode.Forbidden, VstsErrorKind.Forbidden },
        { HttpStatusCode.InternalServerError, VstsErrorKind.Server },
    };

    public void Dispose()
    {
        _provider.Dispose();
        Mock.Dispose();
    }
}
