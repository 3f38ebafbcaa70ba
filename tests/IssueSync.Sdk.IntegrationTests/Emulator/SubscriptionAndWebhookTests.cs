using System.Text.Json;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

public class SubscriptionAndWebhookTests
{
    [Fact]
    public async Task A_subscription_delivers_workitem_updated_with_the_shared_secret_header_and_the_1_0_payload()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var ada = org.Users[1];
        var item = org.AddWorkItem("Project 1", "Bug", "Crash on save", new Dictionary<string, object?> { ["System.AssignedTo"] = ada.MailAddress });

        var subscription = await harness.Client.Subscriptions.CreateAsync(Request(receiver.Url, "Shared-Secret: s3cret-value"), default);
        org.SetState(item.Id, "Resolved", by: ada);
        var webhook = await receiver.NextAsync();

        Assert.Equal("s3cret-value", webhook.Headers["Shared-Secret"]);
        Assert.Equal("application/json", webhook.ContentType?.Split(';')[0]);
        using var json = JsonDocument.Parse(webhook.Body);
        var root = json.RootElement;
        Assert.Equal((subscription.Id, 1, "workitem.updated", "1.0", "tfs"), (
            root.GetProperty("subscriptionId").GetString(), root.GetProperty("notificationId").GetInt32(),
            root.GetProperty("eventType").GetString(), root.GetProperty("resourceVersion").GetString(), root.GetProperty("publisherId").GetString()));
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Equal(org.Id, root.GetProperty("resourceContainers").GetProperty("collection").GetProperty("id").GetString());
        Assert.Equal(org.Projects[0].Id, root.GetProperty("resourceContainers").GetProperty("project").GetProperty("id").GetString());
        var resource = root.GetProperty("resource");
        Assert.Equal((item.Id, 2, 2), (resource.GetProperty("workItemId").GetInt32(), resource.GetProperty("rev").GetInt32(), resource.GetProperty("id").GetInt32()));
        Assert.Equal(ada.Id, resource.GetProperty("revisedBy").GetProperty("id").GetString());
        Assert.Equal("Ada Lovelace <ada@example.com>", resource.GetProperty("revisedBy").GetProperty("name").GetString());
        var state = resource.GetProperty("fields").GetProperty("System.State");
        Assert.Equal(("New", "Resolved"), (state.GetProperty("oldValue").GetString(), state.GetProperty("newValue").GetString()));
        var rev = resource.GetProperty("fields").GetProperty("System.Rev");
        Assert.Equal((1, 2), (rev.GetProperty("oldValue").GetInt32(), rev.GetProperty("newValue").GetInt32()));
        Assert.False(resource.GetProperty("fields").TryGetProperty("System.Title", out _)); // only changed fields
        var revision = resource.GetProperty("revision").GetProperty("fields");
        Assert.Equal(("Crash on save", "Bug", "Resolved"), (revision.GetProperty("System.Title").GetString(), revision.GetProperty("System.WorkItemType").GetString(), revision.GetProperty("System.State").GetString()));
        Assert.Equal("Ada Lovelace <ada@example.com>", revision.GetProperty("System.AssignedTo").GetString());

        var delivery = await harness.Emulator.WaitForDeliveryAsync(d => d.NotificationId == 1, Timeout());
        Assert.Equal((subscription.Id, 200, item.Id, 2), (delivery.SubscriptionId, delivery.StatusCode, delivery.WorkItemId, delivery.Revision));
        Assert.Equal(["Shared-Secret"], delivery.HeaderNames);
        Assert.DoesNotContain("s3cret-value", delivery.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unassigning_sends_only_the_old_value_as_a_name_with_email()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var item = org.AddWorkItem("Project 1", "Bug", "Crash", new Dictionary<string, object?> { ["System.AssignedTo"] = "grace@example.com" });
        await harness.Client.Subscriptions.CreateAsync(Request(receiver.Url, "Shared-Secret: x"), default);

        org.Assign(item.Id, assignee: null);
        using var json = JsonDocument.Parse((await receiver.NextAsync()).Body);

        var assigned = json.RootElement.GetProperty("resource").GetProperty("fields").GetProperty("System.AssignedTo");
        Assert.Equal("Grace Hopper <grace@example.com>", assigned.GetProperty("oldValue").GetString());
        Assert.False(assigned.TryGetProperty("newValue", out _));
    }

    [Fact]
    public async Task An_sdk_update_is_delivered_too_and_the_publisher_filters_select_which_subscription_gets_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var item = org.AddWorkItem("Project 2", "Task", "Deploy");
        var otherProject = Request(receiver.Url, "X-Which: other") with
        {
            PublisherInputs = new Dictionary<string, string> { ["projectId"] = org.Projects[0].Id },
        };
        var onlyState = Request(receiver.Url, "X-Which: state") with
        {
            PublisherInputs = new Dictionary<string, string> { ["changedFields"] = "System.State" },
        };
        await harness.Client.Subscriptions.CreateAsync(otherProject, default);
        var stateSubscription = await harness.Client.Subscriptions.CreateAsync(onlyState, default);

        await harness.Client.WorkItems.UpdateAsync(item.Id, Patch.WorkItemPatch.ForUpdate(new Patch.WorkItemUpdateFields { Title = "Deploy v2" }), cancellationToken: default);
        await harness.Client.WorkItems.UpdateAsync(item.Id, Patch.WorkItemPatch.ForUpdate(new Patch.WorkItemUpdateFields { State = "Active" }), cancellationToken: default);
        var webhook = await receiver.NextAsync();
        await harness.Emulator.WaitForDeliveryAsync(d => d.Revision == 3, Timeout());

        // Deliveries go out one at a time in order, so a wrongly sent title change would have come first.
        Assert.Equal("state", webhook.Headers["X-Which"]);
        using var json = JsonDocument.Parse(webhook.Body);
        Assert.Equal(3, json.RootElement.GetProperty("resource").GetProperty("rev").GetInt32());
        var delivery = Assert.Single(harness.Emulator.Deliveries);
        Assert.Equal(stateSubscription.Id, delivery.SubscriptionId);
    }

    [Fact]
    public async Task Subscriptions_can_be_read_queried_replaced_disabled_and_deleted()
    {
        await using var harness = await SdkHarness.StartAsync();
        var subscriptions = harness.Client.Subscriptions;
        var created = await subscriptions.CreateAsync(Request(new Uri("http://127.0.0.1:9/hooks"), "Shared-Secret: a"), default);

        var read = await subscriptions.GetAsync(created.Id, default);
        var found = await subscriptions.QueryAsync(new ServiceHookSubscriptionQuery { PublisherId = "tfs", EventType = "workitem.updated" }, default);
        var none = await subscriptions.QueryAsync(new ServiceHookSubscriptionQuery { EventType = "workitem.deleted" }, default);
        var replaced = await subscriptions.ReplaceAsync(created.Id, Request(new Uri("http://127.0.0.1:9/other"), "Shared-Secret: b"), default);
        harness.Organization.SetSubscriptionStatus(created.Id, "disabledBySystem");
        var disabled = await subscriptions.GetAsync(created.Id, default);
        await subscriptions.DeleteAsync(created.Id, default);
        var gone = await Assert.ThrowsAsync<VstsApiException>(() => subscriptions.GetAsync(created.Id, default));

        Assert.Equal((SubscriptionStatus.Enabled, "workitem.updated", "webHooks"), (read.Status, read.EventType, read.ConsumerId));
        Assert.True(Guid.TryParse(read.PublisherInputs["tfsSubscriptionId"], out _));
        Assert.Equal([created.Id], found.Select(s => s.Id));
        Assert.Empty(none);
        Assert.Equal("http://127.0.0.1:9/other", replaced.ConsumerInputs["url"]);
        Assert.Equal(read.PublisherInputs["tfsSubscriptionId"], replaced.PublisherInputs["tfsSubscriptionId"]);
        Assert.Equal(SubscriptionStatus.DisabledBySystem, disabled.Status);
        Assert.Equal(VstsErrorKind.NotFound, gone.Kind);
        Assert.Empty(harness.Organization.Subscriptions);
    }

    [Fact]
    public async Task A_disabled_subscription_gets_nothing_and_a_410_answer_disables_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await SdkHarness.StartAsync();
        var org = harness.Organization;
        var item = org.AddWorkItem("Project 1", "Bug", "Crash");
        var subscription = await harness.Client.Subscriptions.CreateAsync(Request(receiver.Url, "Shared-Secret: x"), default);

        receiver.StatusToAnswer = 410;
        org.SetState(item.Id, "Active");
        var gone = await harness.Emulator.WaitForDeliveryAsync(d => d.Revision == 2, Timeout());
        org.SetState(item.Id, "Resolved");
        receiver.StatusToAnswer = 200;
        var sentinel = await harness.Client.Subscriptions.CreateAsync(Request(receiver.Url, "Shared-Secret: y"), default);
        org.SetState(item.Id, "Closed");
        await harness.Emulator.WaitForDeliveryAsync(d => d.Revision == 4, Timeout());

        Assert.Equal((subscription.Id, 410), (gone.SubscriptionId, gone.StatusCode));
        Assert.Equal(["disabledBySystem", "enabled"], org.Subscriptions.Select(s => s.Status));
        // Deliveries go out in order: the change to Resolved (rev 3) would sit between these two.
        Assert.Equal([(subscription.Id, 2), (sentinel.Id, 4)], harness.Emulator.Deliveries.Select(d => (d.SubscriptionId, d.Revision)));
    }

    [Fact]
    public async Task A_subscription_for_an_unsupported_consumer_or_without_a_url_is_refused()
    {
        await using var harness = await SdkHarness.StartAsync();

        var noUrl = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Subscriptions.CreateAsync(
            new ServiceHookSubscriptionRequest { EventType = "workitem.updated" }, default));
        var queue = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Subscriptions.CreateAsync(
            Request(new Uri("http://127.0.0.1:9/"), "a: b") with { ConsumerId = "azureStorageQueue", ConsumerActionId = "enqueue" }, default));

        Assert.Equal(VstsErrorKind.Validation, noUrl.Kind);
        Assert.Equal(VstsErrorKind.Validation, queue.Kind);
        Assert.Empty(harness.Organization.Subscriptions);
    }

    [Fact]
    public async Task A_created_work_item_is_delivered_with_basic_authentication_and_the_password_is_masked_in_answers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = await SdkHarness.StartAsync();
        var request = new ServiceHookSubscriptionRequest
        {
            EventType = "workitem.created",
            ConsumerInputs = new Dictionary<string, string>
            {
                ["url"] = receiver.Url.AbsoluteUri,
                ["basicAuthUsername"] = "hooks",
                ["basicAuthPassword"] = "p4ss-word",
            },
        };

        var created = await harness.Client.Subscriptions.CreateAsync(request, default);
        var item = await harness.Client.WorkItems.CreateAsync(
            "Project 2", "User Story", Patch.WorkItemPatch.ForCreate(new Patch.WorkItemCreateFields { Title = "Sign-up flow" }), cancellationToken: default);
        var webhook = await receiver.NextAsync();

        Assert.Equal("********", created.ConsumerInputs["basicAuthPassword"]);
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("hooks:p4ss-word")), webhook.Headers["Authorization"]);
        using var json = JsonDocument.Parse(webhook.Body);
        var resource = json.RootElement.GetProperty("resource");
        Assert.Equal(("workitem.created", item.Id, 1), (json.RootElement.GetProperty("eventType").GetString(), resource.GetProperty("id").GetInt32(), resource.GetProperty("rev").GetInt32()));
        Assert.Equal("IssueSync Emulator <issuesync-emulator@example.com>", resource.GetProperty("fields").GetProperty("System.CreatedBy").GetString());
        Assert.Equal("User Story", resource.GetProperty("fields").GetProperty("System.WorkItemType").GetString());
    }

    private static ServiceHookSubscriptionRequest Request(Uri url, string httpHeaders) => new()
    {
        EventType = "workitem.updated",
        ConsumerInputs = new Dictionary<string, string>
        {
            ["url"] = url.AbsoluteUri,
            ["httpHeaders"] = httpHeaders,
            ["resourceDetailsToSend"] = "all",
        },
    };

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;
}
