using System.Text.Json;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public sealed class SubscriptionModelTests
{
    public static TheoryData<string, SubscriptionStatus> KnownStatuses() => new()
    {
        { "enabled", SubscriptionStatus.Enabled },
        { "onProbation", SubscriptionStatus.OnProbation },
        { "disabledByUser", SubscriptionStatus.DisabledByUser },
        { "disabledBySystem", SubscriptionStatus.DisabledBySystem },
        { "disabledByInactiveIdentity", SubscriptionStatus.DisabledByInactiveIdentity },
    };

    [Theory]
    [MemberData(nameof(KnownStatuses))]
    public void Each_documented_status_parses_to_its_named_value(string wire, SubscriptionStatus expected)
    {
        var subscription = Parse($$"""{"id":"s","status":"{{wire}}"}""");

        Assert.Equal(expected, subscription.Status);
        Assert.Equal(wire, subscription.Status.Value);
        Assert.Equal(expected, Parse($$"""{"id":"s","status":"{{wire.ToUpperInvariant()}}"}""").Status);
    }

    [Fact]
    public void An_unknown_future_status_is_kept_as_it_is()
    {
        var subscription = Parse("""{"id":"s","status":"disabledByQuota"}""");

        Assert.Equal("disabledByQuota", subscription.Status.Value);
        Assert.Equal(new SubscriptionStatus("DISABLEDBYQUOTA"), subscription.Status);
        Assert.NotEqual(SubscriptionStatus.DisabledBySystem, subscription.Status);
    }

    [Fact]
    public void Missing_or_null_values_read_as_empty_not_null()
    {
        var subscription = Parse("""{"publisherInputs":null}""");

        Assert.Equal(string.Empty, subscription.Id);
        Assert.Empty(subscription.PublisherInputs);
        Assert.Empty(subscription.ConsumerInputs);
    }

    [Fact]
    public void Request_ToString_never_prints_secrets_but_keeps_the_rest()
    {
        var request = new ServiceHookSubscriptionRequest
        {
            EventType = "workitem.updated",
            PublisherInputs = new Dictionary<string, string> { ["projectId"] = "p-1" },
            ConsumerInputs = new Dictionary<string, string>
            {
                ["url"] = "https://host.example/hook?code=fn-key",
                ["httpHeaders"] = "Shared-Secret:s3cr3t",
                ["basicAuthUsername"] = "hooks",
                ["basicAuthPassword"] = "hunter2",
                ["resourceDetailsToSend"] = "all",
            },
        };

        var text = request.ToString();

        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("fn-key", text, StringComparison.Ordinal);
        Assert.Equal(
            "ServiceHookSubscriptionRequest { PublisherId = tfs, EventType = workitem.updated, ResourceVersion = 1.0, ConsumerId = webHooks, ConsumerActionId = httpRequest, "
            + "PublisherInputs = { projectId = p-1 }, ConsumerInputs = { url = https://host.example/hook?***, httpHeaders = ***, basicAuthUsername = hooks, basicAuthPassword = ***, resourceDetailsToSend = all } }",
            text);
        Assert.Equal(text, $"{request}");
    }

    [Fact]
    public void Subscription_ToString_redacts_the_echoed_consumer_inputs()
    {
        var subscription = Parse(SubscriptionsClientTests.SubscriptionJson("\"enabled\""));

        var text = subscription.ToString();

        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.Contains("Id = fd672255-8b6b-4769-9260-beea83d752ce, Status = enabled,", text, StringComparison.Ordinal);
        Assert.Contains("ConsumerInputs = { url = https://host.example/hook, httpHeaders = ***, resourceDetailsToSend = all }", text, StringComparison.Ordinal);
        Assert.Contains("tfsSubscriptionId = 3e8b33e7-426d-4c92-9bf9-58e163dd7dd5", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("connectionString", "Endpoint=sb://x/;SharedAccessKey=abc")]
    [InlineData("accountKey", "abc")]
    [InlineData("HTTPHEADERS", "X-Key:abc")]
    [InlineData("url", "not a url abc")]
    public void Consumer_inputs_outside_the_allow_list_are_redacted(string key, string value)
    {
        var subscription = VstsModelFactory.ServiceHookSubscription("s", consumerInputs: new Dictionary<string, string> { [key] = value });

        Assert.DoesNotContain("abc", subscription.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_defaults_describe_a_web_hook_and_null_inputs_serialize_as_empty_objects()
    {
        var request = new ServiceHookSubscriptionRequest { EventType = "workitem.created", PublisherInputs = null!, ConsumerInputs = null! };

        var json = JsonSerializer.Serialize(request, VstsJsonContext.Default.ServiceHookSubscriptionRequest);

        Assert.Equal("""{"publisherId":"tfs","eventType":"workitem.created","resourceVersion":"1.0","consumerId":"webHooks","consumerActionId":"httpRequest","publisherInputs":{},"consumerInputs":{}}""", json);
    }

    [Fact]
    public void Factory_builds_an_enabled_web_hook_subscription_by_default()
    {
        var subscription = VstsModelFactory.ServiceHookSubscription("s-1", consumerInputs: new Dictionary<string, string> { ["url"] = "https://host.example/hook" });

        Assert.Equal("s-1", subscription.Id);
        Assert.Equal(SubscriptionStatus.Enabled, subscription.Status);
        Assert.Equal(("tfs", "workitem.updated", "1.0", "webHooks", "httpRequest"), (subscription.PublisherId, subscription.EventType, subscription.ResourceVersion, subscription.ConsumerId, subscription.ConsumerActionId));
        Assert.Empty(subscription.PublisherInputs);
        Assert.Equal("https://host.example/hook", subscription.ConsumerInputs["url"]);
        Assert.Equal(SubscriptionStatus.DisabledBySystem, VstsModelFactory.ServiceHookSubscription("s-2", SubscriptionStatus.DisabledBySystem, probationRetries: 7).Status);
    }

    [Fact]
    public void Status_compares_ignoring_case_and_rejects_blank_values()
    {
        Assert.True(SubscriptionStatus.OnProbation == "ONPROBATION");
        Assert.True(SubscriptionStatus.Enabled != SubscriptionStatus.DisabledByUser);
        Assert.Equal(SubscriptionStatus.Enabled.GetHashCode(), SubscriptionStatus.FromString("Enabled").GetHashCode());
        Assert.Equal("disabledByUser", SubscriptionStatus.DisabledByUser.ToString());
        Assert.Throws<ArgumentException>(() => new SubscriptionStatus(" "));
        Assert.Equal("\"onProbation\"", JsonSerializer.Serialize(SubscriptionStatus.OnProbation, VstsJsonContext.Default.Options));
    }

    private static ServiceHookSubscription Parse(string json) =>
        JsonSerializer.Deserialize(json, VstsJsonContext.Default.ServiceHookSubscription)!;
}
