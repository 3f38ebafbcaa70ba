using System.Text;
using IssueSync.Sdk.Inbound.Triage;

namespace IssueSync.Sdk.Tests.Inbound.Triage;

/// <summary>
/// The triage compares plain property names as bytes and leaves escaped ones to the reader: both must find
/// the same members, and a name no text can spell must still make the body unreadable.
/// </summary>
public sealed class WebhookTriagePropertyNameTests
{
    [Fact]
    public void Escaped_property_names_are_found_like_plain_ones_at_every_level()
    {
        var plain = WebhookPayloads.Load(WebhookPayloads.Benchmark);
        var text = Encoding.UTF8.GetString(plain);
        var escaped = Encoding.UTF8.GetBytes(text
            .Replace("\"eventType\":", "\"\\u0065ventType\":", StringComparison.Ordinal)
            .Replace("\"notificationId\":", "\"notification\\u0049d\":", StringComparison.Ordinal)
            .Replace("\"resource\":", "\"resourc\\u0065\":", StringComparison.Ordinal)
            .Replace("\"workItemId\":", "\"workItem\\u0049d\":", StringComparison.Ordinal)
            .Replace("\"revision\":", "\"r\\u0065vision\":", StringComparison.Ordinal)
            .Replace("\"System.State\":", "\"System.St\\u0061te\":", StringComparison.Ordinal)
            .Replace("\"System.AssignedTo\":", "\"System\\u002EAssignedTo\":", StringComparison.Ordinal)
            .Replace("\"oldValue\":", "\"old\\u0056alue\":", StringComparison.Ordinal)
            .Replace("\"resourceContainers\":", "\"resource\\u0043ontainers\":", StringComparison.Ordinal)
            .Replace("\"collection\":", "\"c\\u006Fllection\":", StringComparison.Ordinal));
        Assert.NotEqual(plain.Length, escaped.Length);

        Assert.Equal(WebhookTriage.Failure.None, WebhookTriage.Read(plain, out var fromPlain));
        Assert.Equal(WebhookTriage.Failure.None, WebhookTriage.Read(escaped, out var fromEscaped));

        Assert.Equal(WebhookEventKind.WorkItemUpdated, fromEscaped.Kind);
        Assert.Equal(Found(plain, fromPlain), Found(escaped, fromEscaped));
        Assert.Equal(
            ["workitem.updated", "115", "1729", "6a4f2d1e-93b7-4c58-8e0a-1f2b3c4d5e6f", "Active", "Resolved", "Resolved", "lauryn2 <lauryn2@sentry.io>", "lauryn2 <lauryn2@sentry.io>"],
            Found(escaped, fromEscaped));
    }

    [Theory]
    [InlineData("""{"eventType":"workitem.updated","resource":{"fields":{"\uD800":1}},"resourceContainers":{"collection":{"id":"c"}}}""", "None")]
    [InlineData("""{"eventType":"workitem.updated","resource":{"fields":{"System.Stat\uD800":1}},"resourceContainers":{"collection":{"id":"c"}}}""", "NotJson")]
    [InlineData("""{"eventType":"workitem.updated","resour\uD800":{},"resourceContainers":{"collection":{"id":"c"}}}""", "NotJson")]
    [InlineData("""{"\uD800\uD800\uD800":1,"eventType":"workitem.updated","resourceContainers":{"collection":{"id":"c"}}}""", "NotJson")]
    public void A_property_name_escaping_a_lone_surrogate_is_not_json_once_the_reader_must_unescape_it(string json, string expected)
    {
        Assert.Equal(Enum.Parse<WebhookTriage.Failure>(expected), WebhookTriage.Read(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void A_name_that_only_starts_like_a_tracked_one_is_skipped()
    {
        var body = """{"eventTypes":"x","eventType":"workitem.created","resource":{"fields":{"System.States":{"newValue":"No"},"System.State":"New"}},"resourceContainers":{"collection":{"id":"c"},"collectionX":{"id":"other"}}}"""u8;

        Assert.Equal(WebhookTriage.Failure.None, WebhookTriage.Read(body, out var envelope));
        Assert.Equal(WebhookEventKind.WorkItemCreated, envelope.Kind);
        Assert.Equal("New", envelope.Fields.State.Current.GetString(body));
        Assert.Equal("c", envelope.CollectionId.GetString(body));
    }

    private static string[] Found(ReadOnlySpan<byte> body, WebhookEnvelope envelope) =>
    [.. new[]
    {
        envelope.EventType.GetString(body),
        Raw(body, envelope.NotificationId),
        Raw(body, envelope.ResourceWorkItemId),
        envelope.CollectionId.GetString(body),
        envelope.Fields.State.Old.GetString(body),
        envelope.Fields.State.New.GetString(body),
        envelope.RevisionFields.State.Current.GetString(body),
        envelope.Fields.AssignedTo.New.GetString(body),
        envelope.RevisionFields.AssignedTo.Current.GetString(body),
    }.Select(static found => found ?? "(not found)")];

    private static string Raw(ReadOnlySpan<byte> body, JsonSlice number) =>
        Encoding.UTF8.GetString(body.Slice(number.Start, number.Length));
}
