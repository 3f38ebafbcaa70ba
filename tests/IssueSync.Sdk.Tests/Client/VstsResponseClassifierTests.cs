using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Client;
using Microsoft.Extensions.Time.Testing;

namespace IssueSync.Sdk.Tests.Client;

public class VstsResponseClassifierTests
{
    private const string Operation = "WorkItems.Update";

    private const string RuleErrorBody =
        """{"$id":"1","innerException":null,"message":"TF401320: Rule Error for field Title. Error code: Required, InvalidEmpty.","typeName":"Microsoft.TeamFoundation.WorkItemTracking.Server.RuleValidationException, Microsoft.TeamFoundation.WorkItemTracking.Server","typeKey":"RuleValidationException","errorCode":0,"eventId":3200}""";

    private const string ChangedBySomeoneElseBody =
        """{"$id":"1","innerException":null,"message":"TF26071: This work item has been changed by someone else since you opened it. You will need to refresh it and discard your changes.","typeName":"Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemRevisionMismatchException, Microsoft.TeamFoundation.WorkItemTracking.Server","typeKey":"WorkItemRevisionMismatchException","errorCode":0,"eventId":3200}""";

    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(401, VstsErrorKind.Unauthorized)]
    [InlineData(403, VstsErrorKind.Forbidden)]
    [InlineData(404, VstsErrorKind.NotFound)]
    [InlineData(410, VstsErrorKind.NotFound)]
    [InlineData(409, VstsErrorKind.Conflict)]
    [InlineData(412, VstsErrorKind.Conflict)]
    [InlineData(429, VstsErrorKind.RateLimited)]
    [InlineData(400, VstsErrorKind.Validation)]
    [InlineData(422, VstsErrorKind.Validation)]
    [InlineData(408, VstsErrorKind.Timeout)]
    [InlineData(500, VstsErrorKind.Server)]
    [InlineData(501, VstsErrorKind.Server)]
    [InlineData(502, VstsErrorKind.Unavailable)]
    [InlineData(503, VstsErrorKind.Unavailable)]
    [InlineData(504, VstsErrorKind.Unavailable)]
    public async Task Status_codes_map_to_their_kind(int status, VstsErrorKind expected)
    {
        var failure = await FailureAsync((HttpStatusCode)status, """{"message":"Something failed."}""");

        Assert.Equal(expected, failure.Kind);
        Assert.Equal((HttpStatusCode)status, failure.StatusCode);
        Assert.Equal(Operation, failure.Operation);
        Assert.Equal("Something failed.", failure.ServiceMessage);
        Assert.Contains(Operation, failure.Message, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
        Assert.Contains("Something failed.", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(422)]
    public async Task Rule_error_body_is_a_validation_failure_with_error_code_and_type_key(int status)
    {
        var failure = await FailureAsync((HttpStatusCode)status, RuleErrorBody);

        Assert.Equal(VstsErrorKind.Validation, failure.Kind);
        Assert.Equal("TF401320", failure.ErrorCode);
        Assert.Equal("RuleValidationException", failure.TypeKey);
        Assert.Equal("TF401320: Rule Error for field Title. Error code: Required, InvalidEmpty.", failure.ServiceMessage);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task Changed_by_someone_else_on_400_is_a_conflict()
    {
        var failure = await FailureAsync(HttpStatusCode.BadRequest, ChangedBySomeoneElseBody);

        Assert.Equal(VstsErrorKind.Conflict, failure.Kind);
        Assert.Equal("TF26071", failure.ErrorCode);
        Assert.Equal("WorkItemRevisionMismatchException", failure.TypeKey);
        Assert.Equal(HttpStatusCode.BadRequest, failure.StatusCode);
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_seconds_carries_the_delay()
    {
        var failure = await FailureAsync(
            HttpStatusCode.TooManyRequests,
            """{"message":"TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource."}""",
            arrange: response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(2)));

        Assert.Equal(VstsErrorKind.RateLimited, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
        Assert.Equal("TF400733", failure.ErrorCode);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_relative_to_the_time_provider()
    {
        var failure = await FailureAsync(
            HttpStatusCode.TooManyRequests,
            arrange: response => response.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(30).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_date_in_the_past_is_zero_not_negative()
    {
        var failure = await FailureAsync(
            HttpStatusCode.ServiceUnavailable,
            arrange: response => response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(-1)));

        Assert.Equal(VstsErrorKind.Unavailable, failure.Kind);
        Assert.Equal(TimeSpan.Zero, failure.RetryAfter);
    }

    [Fact]
    public async Task Without_retry_after_the_delay_is_null()
    {
        Assert.Null((await FailureAsync(HttpStatusCode.TooManyRequests)).RetryAfter);
    }

    [Fact]
    public async Task Activity_id_header_is_captured()
    {
        var failure = await FailureAsync(
            HttpStatusCode.NotFound,
            """{"message":"TF401232: Work item 5 does not exist."}""",
            arrange: response => response.Headers.Add("ActivityId", "6c3fa3f2-0d2e-4d32-9a6c-0b5e8c1f7a11"));

        Assert.Equal("6c3fa3f2-0d2e-4d32-9a6c-0b5e8c1f7a11", failure.ActivityId);
    }

    [Fact]
    public async Task E2E_id_header_is_the_activity_id_when_ActivityId_is_missing()
    {
        var failure = await FailureAsync(HttpStatusCode.InternalServerError, arrange: response => response.Headers.Add("X-VSS-E2EID", "e2e-1"));

        Assert.Equal("e2e-1", failure.ActivityId);
    }

    [Fact]
    public async Task Html_sign_in_page_on_200_is_unauthorized()
    {
        var failure = await FailureAsync(
            HttpStatusCode.OK,
            "<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body></body></html>",
            "text/html");

        Assert.Equal(VstsErrorKind.Unauthorized, failure.Kind);
        Assert.Equal(HttpStatusCode.OK, failure.StatusCode);
        Assert.Contains(Operation, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_names_the_likely_causes_of_a_rejected_credential()
    {
        var failure = await ClassifyAsync401("<html>sign in</html>", "text/html");

        Assert.Equal(
            "Azure DevOps answered 401 (Unauthorized) to Projects.List. The credential was not accepted: a personal access token may be expired or revoked, "
            + "lack a scope this call needs, or belong to another organization (an organization-scoped token works only in its own organization); "
            + "for OAuth, the user or an administrator may have revoked the authorization.",
            failure.Message);
        Assert.Equal(VstsErrorKind.Unauthorized, failure.Kind);
    }

    [Fact]
    public async Task A_401_with_a_service_message_keeps_it_before_the_causes()
    {
        var failure = await ClassifyAsync401("""{"message":"TF400813: The user 'x' is not authorized to access this resource"}""", "application/json");

        Assert.StartsWith(
            "Azure DevOps answered 401 (Unauthorized) to Projects.List: TF400813: The user 'x' is not authorized to access this resource. The credential was not accepted: a personal access token may be expired",
            failure.Message,
            StringComparison.Ordinal);
        Assert.Equal("TF400813", failure.ErrorCode);
    }

    [Fact]
    public async Task A_403_does_not_blame_the_credential()
    {
        var failure = await FailureAsync(HttpStatusCode.Forbidden, """{"message":"Access denied."}""");

        Assert.Equal("Azure DevOps answered 403 (Forbidden) to WorkItems.Update: Access denied.", failure.Message);
    }

    [Fact]
    public async Task The_sign_in_page_instead_of_data_names_the_likely_causes()
    {
        var failure = await FailureAsync(HttpStatusCode.NonAuthoritativeInformation, """{"value":[]}""");

        Assert.Equal(
            "Azure DevOps answered WorkItems.Update with an HTML page (203) instead of data. " + VstsResponseClassifier.CredentialNotAcceptedHint,
            failure.Message);
    }

    [Fact]
    public async Task Non_authoritative_203_is_unauthorized()
    {
        var failure = await FailureAsync(HttpStatusCode.NonAuthoritativeInformation, """{"value":[]}""");

        Assert.Equal(VstsErrorKind.Unauthorized, failure.Kind);
        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, failure.StatusCode);
    }

    [Fact]
    public async Task Redirect_302_to_the_sign_in_page_is_unauthorized_and_names_only_the_host()
    {
        var failure = await FailureAsync(HttpStatusCode.Found, location: new Uri(
            "https://app.vssps.visualstudio.com/_signin?realm=dev.azure.com&reply_to=https%3A%2F%2Fdev.azure.com%2Ffabrikam&token=abc123"));

        Assert.Equal(VstsErrorKind.Unauthorized, failure.Kind);
        Assert.Equal(HttpStatusCode.Found, failure.StatusCode);
        Assert.Contains("https://app.vssps.visualstudio.com", failure.Message, StringComparison.Ordinal);
        SecretAssert.DoesNotLeak(failure.Message, "abc123", "_signin");
    }

    [Fact]
    public async Task Redirect_with_a_relative_location_is_unauthorized()
    {
        var failure = await FailureAsync(HttpStatusCode.Found, location: new Uri("/_signin?reply_to=x", UriKind.Relative));

        Assert.Equal(VstsErrorKind.Unauthorized, failure.Kind);
    }

    [Fact]
    public async Task Redirect_location_with_user_info_does_not_leak_it()
    {
        var failure = await FailureAsync(HttpStatusCode.Redirect, location: new Uri("https://user:hunter2@login.example/"));

        Assert.Equal(VstsErrorKind.Unauthorized, failure.Kind);
        SecretAssert.DoesNotLeak(failure.Message, "hunter2");
        Assert.Contains("https://login.example", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_without_location_is_unauthorized()
    {
        Assert.Equal(VstsErrorKind.Unauthorized, (await FailureAsync(HttpStatusCode.MovedPermanently)).Kind);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(204)]
    public async Task Json_success_is_null(int status)
    {
        using var response = Response((HttpStatusCode)status, """{"id":5}""");

        Assert.Null(await ClassifyAsync(response));
        await VstsResponseClassifier.EnsureSuccessAsync(response, Operation, CancellationToken.None);
    }

    [Fact]
    public async Task EnsureSuccessAsync_throws_the_classified_exception()
    {
        using var response = Response(HttpStatusCode.Forbidden, """{"message":"VS403474: Access denied."}""");

        var exception = await Assert.ThrowsAsync<VstsApiException>(
            () => VstsResponseClassifier.EnsureSuccessAsync(response, Operation, CancellationToken.None).AsTask());

        Assert.Equal(VstsErrorKind.Forbidden, exception.Kind);
        Assert.Equal("VS403474", exception.ErrorCode);
    }

    [Theory]
    [InlineData("Internal Server Error", "text/plain")]
    [InlineData("""{"message":"TF401320: Rule Err""", "application/json")]
    [InlineData("""[1,2,3]""", "application/json")]
    [InlineData("""{"message":{"nested":true},"typeKey":42}""", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("<html><body>Bad gateway</body></html>", "text/html")]
    public async Task Error_bodies_that_are_not_azure_devops_json_are_classified_by_status_without_a_parse_failure(string body, string mediaType)
    {
        var failure = await FailureAsync(HttpStatusCode.InternalServerError, body, mediaType);

        Assert.Equal(VstsErrorKind.Server, failure.Kind);
        Assert.Null(failure.ServiceMessage);
        Assert.Null(failure.ErrorCode);
        Assert.Null(failure.TypeKey);
        Assert.Null(failure.InnerException);
    }

    [Fact]
    public async Task Truncated_json_keeps_what_was_read_before_the_fault()
    {
        var failure = await FailureAsync(HttpStatusCode.BadRequest, """{"message":"TF401320: Rule Error for field Title.","typeKey":"RuleValidationEx""");

        Assert.Equal(VstsErrorKind.Validation, failure.Kind);
        Assert.Equal("TF401320", failure.ErrorCode);
        Assert.Null(failure.TypeKey);
    }

    [Fact]
    public async Task Error_without_content_is_classified_by_status()
    {
        var failure = await FailureAsync(HttpStatusCode.BadGateway);

        Assert.Equal(VstsErrorKind.Unavailable, failure.Kind);
        Assert.EndsWith(".", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadJsonAsync_deserializes_a_success()
    {
        using var response = Response(HttpStatusCode.OK, """{"id":5,"rev":2}""");

        var item = await VstsResponseClassifier.ReadJsonAsync(response, TestJsonContext.Default.Item, "WorkItems.Get", CancellationToken.None);

        Assert.Equal(new Item(5, 2), item);
    }

    [Theory]
    [InlineData("""{"id":5,""")]
    [InlineData("not json")]
    [InlineData("""{"id":"five"}""")]
    public async Task ReadJsonAsync_with_invalid_json_throws_InvalidResponse_naming_the_operation(string body)
    {
        using var response = Response(HttpStatusCode.OK, body);
        response.Headers.Add("ActivityId", "act-1");

        var exception = await Assert.ThrowsAsync<VstsApiException>(
            () => VstsResponseClassifier.ReadJsonAsync(response, TestJsonContext.Default.Item, "WorkItems.Get", CancellationToken.None));

        Assert.Equal(VstsErrorKind.InvalidResponse, exception.Kind);
        Assert.Equal("WorkItems.Get", exception.Operation);
        Assert.Contains("WorkItems.Get", exception.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, exception.StatusCode);
        Assert.Equal("act-1", exception.ActivityId);
        Assert.IsAssignableFrom<JsonException>(exception.InnerException);
    }

    [Fact]
    public async Task ReadJsonAsync_with_a_json_null_body_throws_InvalidResponse()
    {
        using var response = Response(HttpStatusCode.OK, "null");

        var exception = await Assert.ThrowsAsync<VstsApiException>(
            () => VstsResponseClassifier.ReadJsonAsync(response, TestJsonContext.Default.Item, "WorkItems.Get", CancellationToken.None));

        Assert.Equal(VstsErrorKind.InvalidResponse, exception.Kind);
        Assert.Contains("WorkItems.Get", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadJsonAsync_classifies_a_failure_before_reading()
    {
        using var response = Response(HttpStatusCode.NotFound, """{"message":"TF401232: Work item 5 does not exist."}""");

        var exception = await Assert.ThrowsAsync<VstsApiException>(
            () => VstsResponseClassifier.ReadJsonAsync(response, TestJsonContext.Default.Item, "WorkItems.Get", CancellationToken.None));

        Assert.Equal(VstsErrorKind.NotFound, exception.Kind);
        Assert.Equal("TF401232", exception.ErrorCode);
    }

    [Theory]
    [InlineData(true, VstsErrorKind.Timeout)]
    [InlineData(false, VstsErrorKind.Network)]
    public void FromTransportFailure_has_no_status_and_keeps_the_cause(bool timedOut, VstsErrorKind expected)
    {
        var cause = new HttpRequestException("Connection refused (dev.azure.com:443)");

        var exception = VstsResponseClassifier.FromTransportFailure(cause, "Projects.List", timedOut);

        Assert.Equal(expected, exception.Kind);
        Assert.Null(exception.StatusCode);
        Assert.Same(cause, exception.InnerException);
        Assert.Equal("Projects.List", exception.Operation);
        Assert.Contains("Projects.List", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.IsTransient);
    }

    [Theory]
    [InlineData("TF401320: Rule Error for field Title.", "TF401320")]
    [InlineData("VS403474: You do not have permission.", "VS403474")]
    [InlineData("tf26071: This work item has been changed by someone else", "TF26071")]
    [InlineData("  TF400813: The user is not authorized.", "TF400813")]
    [InlineData("TF12345 five digits", "TF12345")]
    [InlineData("TF401320", "TF401320")]
    [InlineData("TF1234: too few digits", null)]
    [InlineData("TF4013201: too many digits", null)]
    [InlineData("TF401320abc: glued to a word", null)]
    [InlineData("TFS is down", null)]
    [InlineData("Error TF401320 in the middle", null)]
    [InlineData("XX401320: other prefix", null)]
    [InlineData("TF", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ExtractErrorCode_reads_the_code_at_the_start_of_the_message(string? message, string? expected)
    {
        Assert.Equal(expected, VstsResponseClassifier.ExtractErrorCode(message));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(400)]
    [InlineData(500)]
    [InlineData(302)]
    [InlineData(200)]
    public async Task Exception_text_never_contains_the_authorization_header_value(int status)
    {
        const string secret = "czNjcjN0LXBhdC12YWx1ZQ==";
        using var request = new HttpRequestMessage(HttpMethod.Patch, "https://dev.azure.com/fabrikam/_apis/wit/workitems/5?api-version=7.1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", secret);

        var failure = await FailureAsync(
            (HttpStatusCode)status,
            status == 200 ? "<html>Sign in</html>" : """{"message":"Failed."}""",
            status == 200 ? "text/html" : "application/json",
            location: status == 302 ? new Uri("https://app.vssps.visualstudio.com/_signin") : null,
            arrange: response => response.RequestMessage = request);

        SecretAssert.DoesNotLeak(failure.ToString(), secret);
        SecretAssert.DoesNotLeak(failure.ServiceMessage ?? string.Empty, secret);
    }

    [Fact]
    public async Task A_canceled_token_cancels_reading_an_error_body()
    {
        using var response = Response(HttpStatusCode.InternalServerError, """{"message":"x"}""");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => VstsResponseClassifier.ClassifyAsync(response, Operation, cancellation.Token).AsTask());
    }

    /// <summary>Classifies a built response that must be a failure, against the fixed clock.</summary>
    private static async Task<VstsApiException> FailureAsync(
        HttpStatusCode status, string? body = null, string mediaType = "application/json", Uri? location = null, Action<HttpResponseMessage>? arrange = null)
    {
        using var response = Response(status, body, mediaType);
        response.Headers.Location = location;
        arrange?.Invoke(response);

        var failure = await ClassifyAsync(response);

        Assert.NotNull(failure);
        return failure;
    }

    private static async Task<VstsApiException> ClassifyAsync401(string body, string mediaType)
    {
        using var response = Response(HttpStatusCode.Unauthorized, body, mediaType);
        var failure = await VstsResponseClassifier.ClassifyAsync(response, "Projects.List", CancellationToken.None, new FakeTimeProvider(Now));
        Assert.NotNull(failure);
        return failure;
    }

    private static ValueTask<VstsApiException?> ClassifyAsync(HttpResponseMessage response) =>
        VstsResponseClassifier.ClassifyAsync(response, Operation, CancellationToken.None, new FakeTimeProvider(Now));

    private static HttpResponseMessage Response(HttpStatusCode status, string? body = null, string mediaType = "application/json")
    {
        var response = new HttpResponseMessage(status);
        if (body is not null)
        {
            response.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        return response;
    }
}

public sealed record Item(int Id, int Rev);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Item))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
