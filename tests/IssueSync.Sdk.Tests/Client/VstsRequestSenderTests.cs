using System.Net;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>
/// How failures surface from the area clients through the request sender: always a
/// <see cref="VstsApiException"/> with the right kind, except the caller's own cancellation.
/// Each case runs against one operation of every area (work items, projects, connection).
/// </summary>
public class VstsRequestSenderTests
{
    private const string Org = ClientTestHarness.OrganizationUrl;

    private static readonly string[] OperationNames = ["WorkItems.Get", "Projects.List", "Connection.GetConnectionData"];

    public static TheoryData<string> Operations => new(OperationNames);

    /// <summary>Every operation crossed with the statuses whose kind callers branch on.</summary>
    public static TheoryData<string, HttpStatusCode, VstsErrorKind> StatusFailures
    {
        get
        {
            var data = new TheoryData<string, HttpStatusCode, VstsErrorKind>();
            foreach (var operation in OperationNames)
            {
                data.Add(operation, HttpStatusCode.Unauthorized, VstsErrorKind.Unauthorized);
                data.Add(operation, HttpStatusCode.PreconditionFailed, VstsErrorKind.Conflict);
                data.Add(operation, HttpStatusCode.ServiceUnavailable, VstsErrorKind.Unavailable);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StatusFailures))]
    public async Task Error_status_surfaces_with_its_kind(string operation, HttpStatusCode status, VstsErrorKind kind)
    {
        // Every one of these is a read: a 503 is resent up to the bound (4 retries by default).
        var attempts = status == HttpStatusCode.ServiceUnavailable ? 5 : 1;
        var ex = await FailureAsync(operation, r => r.Respond(status), attempts);

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Not_found_404_carries_the_error_code_and_type_key(string operation)
    {
        var ex = await FailureAsync(operation, r => r.Respond(HttpStatusCode.NotFound, MediaTypes.Json, VstsFixtures.WorkItemNotFoundError));

        Assert.Equal(VstsErrorKind.NotFound, ex.Kind);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("TF401232", ex.ErrorCode);
        Assert.Equal("WorkItemUnauthorizedAccessException", ex.TypeKey);
        Assert.StartsWith("TF401232: Work item 12345 does not exist", ex.ServiceMessage, StringComparison.Ordinal);
        Assert.Contains(operation, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Html_sign_in_page_with_200_is_unauthorized(string operation)
    {
        var ex = await FailureAsync(operation, r => r.Respond(HttpStatusCode.OK, "text/html", VstsFixtures.SignInPage));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Redirect_302_to_sign_in_is_unauthorized(string operation)
    {
        // The primary handler here is the mock, so the 302 is built directly; the real primary
        // handler has AllowAutoRedirect off and would hand it up the same way.
        var ex = await FailureAsync(operation, r => r.Respond(_ => new HttpResponseMessage(HttpStatusCode.Found)
        {
            Headers = { Location = new Uri("https://spsprodcus5.vssps.visualstudio.com/_signin?realm=dev.azure.com&reply_to=https%3A%2F%2Fdev.azure.com%2Ffabrikam") },
        }));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Equal(HttpStatusCode.Found, ex.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Body_that_is_not_json_is_an_invalid_response(string operation)
    {
        var ex = await FailureAsync(operation, r => r.Respond(MediaTypes.Json, "{\"id\": 1, \"fields\": {"));

        Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Json_null_body_is_an_invalid_response(string operation)
    {
        var ex = await FailureAsync(operation, r => r.Respond(MediaTypes.Json, "null"));

        Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Transport_failure_is_a_network_error_without_status(string operation)
    {
        var cause = new HttpRequestException("No such host is known. (dev.azure.com:443)");

        // A read that got no answer is resent up to the bound (4 retries by default).
        var ex = await FailureAsync(operation, r => r.Throw(cause), attempts: 5);

        Assert.Equal(VstsErrorKind.Network, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Same(cause, ex.InnerException);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task HttpClient_timeout_is_a_timeout_without_status(string operation)
    {
        using var harness = new ClientTestHarness(configureHttpClient: b => b.ConfigureHttpClient(c => c.Timeout = TimeSpan.FromMilliseconds(100)));
        var (url, call) = Describe(operation);
        harness.ExpectNoAnswer(HttpMethod.Get, url);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => call(harness.Client, CancellationToken.None));

        Assert.Equal(VstsErrorKind.Timeout, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Equal(operation, ex.Operation);
        Assert.Single(harness.Requests);
        harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Caller_cancellation_is_an_operation_canceled_exception(string operation)
    {
        using var harness = new ClientTestHarness();
        var (url, call) = Describe(operation);
        using var cts = new CancellationTokenSource();
        harness.ExpectNoAnswer(HttpMethod.Get, url, onReceived: cts.Cancel);

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call(harness.Client, cts.Token));

        Assert.IsNotType<VstsApiException>(ex.InnerException);
        Assert.Single(harness.Requests);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> against a mock answering every attempt as
    /// <paramref name="respond"/> says; exactly <paramref name="attempts"/> requests.
    /// </summary>
    private static async Task<VstsApiException> FailureAsync(string operation, Action<MockedRequest> respond, int attempts = 1)
    {
        using var harness = new ClientTestHarness();
        var (url, call) = Describe(operation);
        for (var i = 0; i < attempts; i++)
        {
            respond(harness.Expect(HttpMethod.Get, url));
        }

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => call(harness.Client, CancellationToken.None));

        Assert.Equal(operation, ex.Operation);
        Assert.Equal(attempts, harness.Requests.Count);
        harness.Mock.VerifyNoOutstandingExpectation();
        return ex;
    }

    private static (string Url, Func<IVstsClient, CancellationToken, Task> Call) Describe(string operation) => operation switch
    {
        "WorkItems.Get" => (Org + "_apis/wit/workitems/12345", (c, ct) => c.WorkItems.GetAsync(12345, cancellationToken: ct)),
        "Projects.List" => (Org + "_apis/projects?stateFilter=wellFormed", async (c, ct) => await c.Projects.ListAsync(cancellationToken: ct).ToListAsync(ct)),
        "Connection.GetConnectionData" => (Org + "_apis/connectionData", (c, ct) => c.Connection.GetConnectionDataAsync(ct)),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
