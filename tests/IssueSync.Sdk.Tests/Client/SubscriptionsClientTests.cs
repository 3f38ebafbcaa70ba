using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client;

public sealed class SubscriptionsClientTests : IDisposable
{
    private const string ApiVersion = "7.1";
    private const string SubscriptionsUrl = "https://dev.azure.com/fabrikam/_apis/hooks/subscriptions";
    private const string QueryUrl = "https://dev.azure.com/fabrikam/_apis/hooks/subscriptionsquery";
    private const string Id = "fd672255-8b6b-4769-9260-beea83d752ce";
    private const string SubscriptionUrl = SubscriptionsUrl + "/" + Id;

    // The order the SDK emits: identifiers, then publisher inputs, then consumer inputs in the caller's order.
    private const string WebHookBody =
        """{"publisherId":"tfs","eventType":"workitem.updated","resourceVersion":"1.0","consumerId":"webHooks","consumerActionId":"httpRequest","publisherInputs":{},"consumerInputs":{"url":"https://host.example/hook","httpHeaders":"Shared-Secret:s3cr3t","resourceDetailsToSend":"all"}}""";

    private readonly AreaTestHarnessB _harness = new();

    public void Dispose() => _harness.Dispose();

    internal static ServiceHookSubscriptionRequest WebHookRequest(IReadOnlyDictionary<string, string>? publisherInputs = null) => new()
    {
        EventType = "workitem.updated",
        PublisherInputs = publisherInputs!,
        ConsumerInputs = new Dictionary<string, string>
        {
            ["url"] = "https://host.example/hook",
            ["httpHeaders"] = "Shared-Secret:s3cr3t",
            ["resourceDetailsToSend"] = "all",
        },
    };

    [Fact]
    public async Task CreateAsync_posts_the_web_hook_body_with_the_defaults_and_returns_the_subscription()
    {
        _harness.Expect(HttpMethod.Post, SubscriptionsUrl, json: SubscriptionJson("\"enabled\""));

        var subscription = await _harness.Client.Subscriptions.CreateAsync(WebHookRequest());

        _harness.AssertSent(0, HttpMethod.Post, SubscriptionsUrl, ApiVersion, "Subscriptions.Create", idempotent: false, body: WebHookBody);
        _harness.VerifyAll(1);
        Assert.Equal(Id, subscription.Id);
        Assert.Equal(SubscriptionStatus.Enabled, subscription.Status);
        Assert.Equal("tfs", subscription.PublisherId);
        Assert.Equal("workitem.updated", subscription.EventType);
        Assert.Equal("1.0-preview.1", subscription.ResourceVersion);
        Assert.Equal("webHooks", subscription.ConsumerId);
        Assert.Equal("httpRequest", subscription.ConsumerActionId);
        Assert.Equal("3e8b33e7-426d-4c92-9bf9-58e163dd7dd5", subscription.PublisherInputs["tfsSubscriptionId"]);
        Assert.Equal("https://host.example/hook", subscription.ConsumerInputs["url"]);
        Assert.Equal(new DateTimeOffset(2014, 10, 27, 15, 37, 24, 873, TimeSpan.Zero), subscription.CreatedDate);
        Assert.Equal(new DateTimeOffset(2014, 10, 27, 15, 37, 26, 230, TimeSpan.Zero), subscription.ModifiedDate);
        Assert.Equal(0, subscription.ProbationRetries);
        Assert.Equal(SubscriptionUrl, subscription.Url);
    }

    [Fact]
    public async Task CreateAsync_sends_publisher_inputs_in_the_callers_order()
    {
        var request = WebHookRequest(new Dictionary<string, string> { ["projectId"] = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c", ["workItemType"] = "Bug" });
        var body = WebHookBody.Replace("\"publisherInputs\":{}", "\"publisherInputs\":{\"projectId\":\"6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c\",\"workItemType\":\"Bug\"}", StringComparison.Ordinal);
        _harness.Expect(HttpMethod.Post, SubscriptionsUrl, json: SubscriptionJson("\"enabled\""));

        await _harness.Client.Subscriptions.CreateAsync(request);

        _harness.AssertSent(0, HttpMethod.Post, SubscriptionsUrl, ApiVersion, "Subscriptions.Create", idempotent: false, body: body);
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task GetAsync_reads_the_subscription_by_id()
    {
        _harness.Expect(HttpMethod.Get, SubscriptionUrl, json: SubscriptionJson("\"disabledBySystem\"", probationRetries: 7));

        var subscription = await _harness.Client.Subscriptions.GetAsync(Id);

        _harness.AssertSent(0, HttpMethod.Get, SubscriptionUrl, ApiVersion, "Subscriptions.Get", idempotent: true);
        _harness.VerifyAll(1);
        Assert.Equal(Id, subscription.Id);
        Assert.Equal(SubscriptionStatus.DisabledBySystem, subscription.Status);
        Assert.Equal(7, subscription.ProbationRetries);
    }

    [Fact]
    public async Task GetAsync_of_an_answer_without_status_leaves_the_status_empty()
    {
        // Sentry's recorded CREATE_SUBSCRIPTION answer carries no status at all.
        _harness.Expect(HttpMethod.Get, SubscriptionUrl, json: SubscriptionJson(status: null));

        var subscription = await _harness.Client.Subscriptions.GetAsync(Id);

        Assert.Equal(default, subscription.Status);
        Assert.Equal(string.Empty, subscription.Status.Value);
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task ReplaceAsync_puts_the_full_body_to_the_subscription_url()
    {
        _harness.Expect(HttpMethod.Put, SubscriptionUrl, json: SubscriptionJson("\"enabled\""));

        var subscription = await _harness.Client.Subscriptions.ReplaceAsync(Id, WebHookRequest());

        _harness.AssertSent(0, HttpMethod.Put, SubscriptionUrl, ApiVersion, "Subscriptions.Replace", idempotent: true, body: WebHookBody);
        _harness.VerifyAll(1);
        Assert.Equal(Id, subscription.Id);
    }

    [Fact]
    public async Task DeleteAsync_deletes_the_subscription_without_a_body()
    {
        _harness.Expect(HttpMethod.Delete, SubscriptionUrl, HttpStatusCode.NoContent);

        await _harness.Client.Subscriptions.DeleteAsync(Id);

        _harness.AssertSent(0, HttpMethod.Delete, SubscriptionUrl, ApiVersion, "Subscriptions.Delete", idempotent: true);
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task QueryAsync_posts_only_the_filters_that_are_set_and_returns_the_results()
    {
        var answer = $$"""{"publisherId":"tfs","eventType":"workitem.updated","results":[{{SubscriptionJson("\"enabled\"")}},null,{{SubscriptionJson("\"onProbation\"", id: "0b3c5ed7-4d8e-4a1b-9a4c-2b1e7c1f5a11")}}]}""";
        _harness.Expect(HttpMethod.Post, QueryUrl, json: answer);

        var found = await _harness.Client.Subscriptions.QueryAsync(new ServiceHookSubscriptionQuery { PublisherId = "tfs", EventType = "workitem.updated" });

        _harness.AssertSent(0, HttpMethod.Post, QueryUrl, ApiVersion, "Subscriptions.Query", idempotent: true, body: """{"publisherId":"tfs","eventType":"workitem.updated"}""");
        _harness.VerifyAll(1);
        Assert.Equal([Id, "0b3c5ed7-4d8e-4a1b-9a4c-2b1e7c1f5a11"], found.Select(static s => s.Id));
        Assert.Equal([SubscriptionStatus.Enabled, SubscriptionStatus.OnProbation], found.Select(static s => s.Status));
    }

    [Fact]
    public async Task QueryAsync_with_every_filter_sends_them_in_a_fixed_order_and_an_empty_query_sends_an_empty_object()
    {
        _harness.Expect(HttpMethod.Post, QueryUrl, json: """{"results":[]}""");
        _harness.Expect(HttpMethod.Post, QueryUrl, json: """{"results":null}""");

        var all = await _harness.Client.Subscriptions.QueryAsync(new ServiceHookSubscriptionQuery
        {
            ConsumerActionId = "httpRequest",
            ConsumerId = "webHooks",
            EventType = "workitem.commented",
            PublisherId = "tfs",
        });
        var none = await _harness.Client.Subscriptions.QueryAsync(new ServiceHookSubscriptionQuery());

        _harness.AssertSent(0, HttpMethod.Post, QueryUrl, ApiVersion, "Subscriptions.Query", idempotent: true, body: """{"publisherId":"tfs","eventType":"workitem.commented","consumerId":"webHooks","consumerActionId":"httpRequest"}""");
        _harness.AssertSent(1, HttpMethod.Post, QueryUrl, ApiVersion, "Subscriptions.Query", idempotent: true, body: "{}");
        _harness.VerifyAll(2);
        Assert.Empty(all);
        Assert.Empty(none);
    }

    [Theory]
    [MemberData(nameof(AreaTestHarnessB.ErrorStatuses), MemberType = typeof(AreaTestHarnessB))]
    public async Task CreateAsync_surfaces_error_statuses_as_VstsApiException_of_the_matching_kind(HttpStatusCode status, VstsErrorKind kind)
    {
        _harness.Expect(HttpMethod.Post, SubscriptionsUrl, status, AreaTestHarnessB.ErrorJson("VS403366: You do not have permission to manage service hooks.", "ServiceHookException"));

        var error = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.Subscriptions.CreateAsync(WebHookRequest()));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("Subscriptions.Create", error.Operation);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task Get_replace_delete_and_query_surface_404_as_NotFound()
    {
        var notFound = AreaTestHarnessB.ErrorJson("VS1070003: Subscription does not exist.", "SubscriptionNotFoundException");
        _harness.Expect(HttpMethod.Get, SubscriptionUrl, HttpStatusCode.NotFound, notFound);
        _harness.Expect(HttpMethod.Put, SubscriptionUrl, HttpStatusCode.NotFound, notFound);
        _harness.Expect(HttpMethod.Delete, SubscriptionUrl, HttpStatusCode.NotFound, notFound);
        _harness.Expect(HttpMethod.Post, QueryUrl, HttpStatusCode.NotFound, notFound);

        var subscriptions = _harness.Client.Subscriptions;
        var errors = new[]
        {
            await Assert.ThrowsAsync<VstsApiException>(() => subscriptions.GetAsync(Id)),
            await Assert.ThrowsAsync<VstsApiException>(() => subscriptions.ReplaceAsync(Id, WebHookRequest())),
            await Assert.ThrowsAsync<VstsApiException>(() => subscriptions.DeleteAsync(Id)),
            await Assert.ThrowsAsync<VstsApiException>(() => subscriptions.QueryAsync(new ServiceHookSubscriptionQuery())),
        };

        Assert.All(errors, static e => Assert.Equal(VstsErrorKind.NotFound, e.Kind));
        Assert.Equal(["Subscriptions.Get", "Subscriptions.Replace", "Subscriptions.Delete", "Subscriptions.Query"], errors.Select(static e => e.Operation));
        Assert.Equal("SubscriptionNotFoundException", errors[0].TypeKey);
        _harness.VerifyAll(4);
    }

    [Fact]
    public async Task Bad_arguments_fail_at_the_call_without_a_request()
    {
        var subscriptions = _harness.Client.Subscriptions;

        await Assert.ThrowsAsync<ArgumentNullException>(() => subscriptions.CreateAsync(null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => subscriptions.CreateAsync(WebHookRequest() with { EventType = " " }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => subscriptions.CreateAsync(WebHookRequest() with { ResourceVersion = "" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => subscriptions.ReplaceAsync(" ", WebHookRequest()));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => subscriptions.GetAsync(""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => subscriptions.DeleteAsync(" "));
        await Assert.ThrowsAsync<ArgumentNullException>(() => subscriptions.QueryAsync(null!));
        Assert.Empty(_harness.Sent);
    }

    internal static string SubscriptionJson(string? status, int probationRetries = 0, string id = Id) => $$"""
        {
          "id": "{{id}}",
          "url": "{{SubscriptionsUrl}}/{{id}}",
          {{(status is null ? string.Empty : $"\"status\": {status}, \"probationRetries\": {probationRetries},")}}
          "publisherId": "tfs",
          "eventType": "workitem.updated",
          "resourceVersion": "1.0-preview.1",
          "eventDescription": "WorkItem Updated",
          "consumerId": "webHooks",
          "consumerActionId": "httpRequest",
          "actionDescription": "To host host.example",
          "createdBy": { "id": "00ca946b-2fe9-4f2a-ae2f-40d5c48001bc" },
          "createdDate": "2014-10-27T15:37:24.873Z",
          "modifiedBy": { "id": "00ca946b-2fe9-4f2a-ae2f-40d5c48001bc" },
          "modifiedDate": "2014-10-27T15:37:26.23Z",
          "publisherInputs": {
            "hostId": "d81542e4-cdfa-4333-b082-1ae2d6c3ad16",
            "tfsSubscriptionId": "3e8b33e7-426d-4c92-9bf9-58e163dd7dd5"
          },
          "consumerInputs": { "url": "https://host.example/hook", "httpHeaders": "Shared-Secret:s3cr3t", "resourceDetailsToSend": "all" }
        }
        """;
}
