using System.Net;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Subscriptions;
using IssueSync.Sdk.Tests.Client;
using IssueSync.Sdk.Tests.Issues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Subscriptions;

/// <summary>
/// <see cref="IVstsSubscriptionManager"/> as a host wires it (real DI, real handler chain over
/// MockHttp, retries off) with a recording <see cref="FakeIntegrationStore"/> and fake logging.
/// </summary>
internal sealed class SubscriptionTestHarness : IDisposable
{
    public const string Org = ClientTestHarness.OrganizationUrl;
    public const string SubscriptionsUrl = Org + "_apis/hooks/subscriptions";
    public const string CallbackUrl = "https://host.example/extensions/vsts/issue-updated";
    public const string UpdatedId = "11111111-1111-1111-1111-111111111111";
    public const string DeletedId = "22222222-2222-2222-2222-222222222222";
    public const string CommentedId = "33333333-3333-3333-3333-333333333333";
    public const string NewId = "99999999-9999-9999-9999-999999999999";
    public const string OldSecret = "old-secret-Zm9vYmFyYmF6cXV4";

    // tokens: when given, registered as the token store, so an installation with an SdkIdentityId authenticates with OAuth.
    public SubscriptionTestHarness(VstsInstallation? installation = null, bool deletions = false, bool comments = false, bool withStore = true, ITokenStore? tokens = null)
    {
        Installation = installation ?? NewInstallation();
        Store = new FakeIntegrationStore(Installation);
        Client = new ClientTestHarness(
            configureOptions: o =>
            {
                o.Resilience.MaxRetries = 0;
                o.OrganizationUrl = Org;
                o.PersonalAccessToken = ClientTestHarness.PersonalAccessToken;
            },
            configureServices: services =>
            {
                services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
                var builder = services.AddVstsIssueSync(_ => { });
                if (withStore)
                {
                    builder.AddIntegrationStore(_ => Store);
                }

                if (tokens is not null)
                {
                    builder.AddTokenStore(_ => tokens);
                }

                if (deletions)
                {
                    builder.AddWorkItemDeletionStore(_ => new NoDeletions());
                }

                if (comments)
                {
                    builder.AddCommentStore(_ => new NoComments());
                }
            });
        Manager = Client.Services.GetRequiredService<IVstsSubscriptionManager>();
    }

    public static Uri Callback { get; } = new(CallbackUrl);

    public ClientTestHarness Client { get; }

    public VstsInstallation Installation { get; }

    public FakeIntegrationStore Store { get; }

    public IVstsSubscriptionManager Manager { get; }

    public FakeLogCollector Logs => Client.Services.GetFakeLogCollector();

    public static VstsInstallation NewInstallation(VstsWebhookSecrets? secrets = null, params VstsSubscriptionReference[] subscriptions) => new()
    {
        IntegrationId = "integration-1",
        OrganizationId = "80ded3e8-3cd3-43b1-9f96-52032624aa3a",
        OrganizationName = "fabrikam",
        OrganizationUrl = Org,
        WebhookSecrets = secrets,
        Subscriptions = subscriptions,
        Version = 7,
    };

    /// <summary>An installation already subscribed to <c>workitem.updated</c> with <see cref="OldSecret"/>.</summary>
    public static VstsInstallation Subscribed(params VstsSubscriptionReference[] more) =>
        NewInstallation(new VstsWebhookSecrets(OldSecret), [new VstsSubscriptionReference("workitem.updated", UpdatedId), .. more]);

    public static string Url(string id) => SubscriptionsUrl + "/" + id;

    /// <summary>The exact body the SDK sends to create or replace a subscription.</summary>
    public static string Body(string eventType, string secret) =>
        $$$"""{"publisherId":"tfs","eventType":"{{{eventType}}}","resourceVersion":"1.0","consumerId":"webHooks","consumerActionId":"httpRequest","publisherInputs":{},"consumerInputs":{"url":"{{{CallbackUrl}}}","resourceDetailsToSend":"all","httpHeaders":"Shared-Secret:{{{secret}}}"}}""";

    public static string SubscriptionJson(string id, string status, string eventType = "workitem.updated") => $$"""
        {
          "id": "{{id}}", "url": "{{Url(id)}}", "status": "{{status}}", "publisherId": "tfs", "eventType": "{{eventType}}",
          "resourceVersion": "1.0", "consumerId": "webHooks", "consumerActionId": "httpRequest",
          "publisherInputs": { "hostId": "d81542e4-cdfa-4333-b082-1ae2d6c3ad16", "tfsSubscriptionId": "3e8b33e7-426d-4c92-9bf9-58e163dd7dd5" },
          "consumerInputs": { "url": "{{CallbackUrl}}", "httpHeaders": "********", "resourceDetailsToSend": "all" }
        }
        """;

    public static string ErrorJson(string message) =>
        $$"""{"$id":"1","innerException":null,"message":"{{message}}","typeKey":"SubscriptionException","errorCode":0,"eventId":3000}""";

    public void ExpectGet(string id, string status, string eventType = "workitem.updated") =>
        Client.Expect(HttpMethod.Get, Url(id)).Respond("application/json", SubscriptionJson(id, status, eventType));

    public void ExpectCreate(string newId, string eventType = "workitem.updated") =>
        Client.Expect(HttpMethod.Post, SubscriptionsUrl).Respond("application/json", SubscriptionJson(newId, "enabled", eventType));

    public void ExpectReplace(string id, string status = "enabled", string eventType = "workitem.updated") =>
        Client.Expect(HttpMethod.Put, Url(id)).Respond("application/json", SubscriptionJson(id, status, eventType));

    public void ExpectDelete(string id) => Client.Expect(HttpMethod.Delete, Url(id)).Respond(HttpStatusCode.NoContent);

    public void ExpectFailure(HttpMethod method, string url, HttpStatusCode status, string message = "failed") =>
        Client.Expect(method, url).Respond(status, "application/json", ErrorJson(message));

    /// <summary>Asserts exactly these requests went out, in this order, each with the SDK's headers.</summary>
    public void AssertRequests(params (HttpMethod Method, string Url)[] expected)
    {
        Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(expected.Length, Client.Requests.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Client.AssertSent(i, expected[i].Method, expected[i].Url);
        }
    }

    /// <summary>The body of request <paramref name="index"/>, asserted to be JSON.</summary>
    public void AssertBody(int index, string json) => Client.Requests[index].AssertBody("application/json", json);

    public void Dispose() => Client.Dispose();

    private sealed class NoDeletions : IWorkItemDeletionStore
    {
        public Task WorkItemDeletedAsync(LinkedGroup group, int workItemId, ChangeSource source, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Subscription tests never deliver events.");
    }

    private sealed class NoComments : ICommentStore
    {
        public Task AddCommentAsync(LinkedGroup group, InboundComment comment, ChangeSource source, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Subscription tests never deliver events.");
    }
}
