using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// One Azure DevOps service-hook delivery, typed: the envelope every event shares, the raw
/// <see cref="Resource"/>, and the resource as a model for the work item events
/// (<see cref="GetWorkItemUpdate"/>, <see cref="GetWorkItem"/>, <see cref="GetCommentVersion"/>).
/// Lenient with what Azure DevOps really sends: ids and revisions as numbers or strings, identities
/// in any form, members missing or <c>null</c>, unknown members ignored. Read-only; get one from
/// <see cref="Parse"/> or <see cref="TryParse"/> (also the way to build one in tests).
/// </summary>
public sealed record VstsWebhookEvent
{
    private VstsWebhookResourceContainers? _resourceContainers;
    private WorkItemUpdate? _workItemUpdate;
    private WorkItem? _workItem;
    private WorkItemCommentVersionRef? _commentVersion;

    [JsonConstructor]
    internal VstsWebhookEvent()
    {
    }

    /// <summary>The subscription that delivered the event (a GUID); absent from Azure DevOps' documentation samples.</summary>
    [JsonInclude]
    public string? SubscriptionId { get; internal init; }

    /// <summary>The delivery number within the subscription (<c>notificationId</c>); 0 when absent.</summary>
    [JsonInclude]
    public int NotificationId { get; internal init; }

    /// <summary>The event id (the payload's <c>id</c>, a GUID): the same for every delivery of one event.</summary>
    [JsonInclude]
    [JsonPropertyName("id")]
    public string? EventId { get; internal init; }

    /// <summary>The event, e.g. <see cref="VstsWebhookEventType.WorkItemUpdated"/>; never empty in a parsed event.</summary>
    [JsonInclude]
    public VstsWebhookEventType EventType { get; internal init; }

    /// <summary>The publisher, <c>tfs</c> for work item events.</summary>
    [JsonInclude]
    public string? PublisherId { get; internal init; }

    /// <summary>The version of the resource's shape, e.g. <c>1.0</c> (identities are <c>"Name &lt;email&gt;"</c> strings in it).</summary>
    [JsonInclude]
    public string? ResourceVersion { get; internal init; }

    /// <summary>When the event was raised; <see langword="null"/> when absent or unreadable. A date without an offset is read as UTC.</summary>
    [JsonInclude]
    [JsonConverter(typeof(LenientDateJsonConverter))]
    public DateTimeOffset? CreatedDate { get; internal init; }

    /// <summary>The short summary; <see langword="null"/> when the subscription sends no messages.</summary>
    [JsonInclude]
    public VstsWebhookMessage? Message { get; internal init; }

    /// <summary>The detailed summary; <see langword="null"/> when the subscription sends no detailed messages.</summary>
    [JsonInclude]
    public VstsWebhookMessage? DetailedMessage { get; internal init; }

    /// <summary>The collection, account and project the event came from; each member <see langword="null"/> when absent.</summary>
    [JsonInclude]
    public VstsWebhookResourceContainers ResourceContainers
    {
        get => _resourceContainers ?? VstsWebhookResourceContainers.Empty;
        internal init => _resourceContainers = value;
    }

    /// <summary>
    /// The resource as sent, for any event type: <see cref="JsonValueKind.Undefined"/> when absent,
    /// <see cref="JsonValueKind.Null"/> when <c>null</c>. Independent of the body it was parsed from.
    /// </summary>
    [JsonInclude]
    public JsonElement Resource { get; internal init; }

    /// <summary>
    /// Parses a service-hook body. Parsing is lenient (see <see cref="VstsWebhookEvent"/>); only a body
    /// that is no service-hook payload at all, or a work item resource of the wrong shape, fails.
    /// </summary>
    /// <param name="utf8Json">The body exactly as received, e.g. <see cref="VstsWebhookRequest.Body"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="VstsWebhookPayloadException">
    /// The body is empty, not valid JSON, not a JSON object, has no <c>eventType</c>, or has a member
    /// of the wrong shape (the message gives its JSON path), including a <see cref="Resource"/> that is
    /// not the work item (update) its work item event promises.
    /// </exception>
    public static VstsWebhookEvent Parse(ReadOnlySpan<byte> utf8Json) =>
        Read(utf8Json, out var error, out var cause) ?? throw new VstsWebhookPayloadException(error, cause);

    /// <summary>Parses a service-hook body without throwing for a bad one (see <see cref="Parse"/> for what is bad).</summary>
    /// <param name="utf8Json">The body exactly as received.</param>
    /// <param name="webhookEvent">The event, or <see langword="null"/> when the body is bad.</param>
    /// <returns>Whether the body was a service-hook payload.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out VstsWebhookEvent? webhookEvent)
    {
        webhookEvent = Read(utf8Json, out _, out _);
        return webhookEvent is not null;
    }

    /// <summary>
    /// The update of a <see cref="VstsWebhookEventType.WorkItemUpdated"/> event: the changed fields,
    /// who changed them, and the whole work item at the new revision.
    /// </summary>
    /// <returns>The update, or <see langword="null"/> for another event type or a resource that is absent or <c>null</c>.</returns>
    public WorkItemUpdate? GetWorkItemUpdate() => _workItemUpdate;

    /// <summary>
    /// The work item the event is about, as a whole: the resource of <c>workitem.created</c>,
    /// <c>deleted</c>, <c>restored</c> and <c>commented</c> (whose comment text is the
    /// <c>System.History</c> field), and the work item at the new revision for <c>workitem.updated</c>.
    /// </summary>
    /// <returns>The work item, or <see langword="null"/> for another event type or when the payload carries none.</returns>
    public WorkItem? GetWorkItem() => _workItem;

    /// <summary>Which comment the event is about (the resource's <c>commentVersionRef</c>), as <c>workitem.commented</c> may send it.</summary>
    /// <returns>The comment reference, or <see langword="null"/> when the resource carries none.</returns>
    public WorkItemCommentVersionRef? GetCommentVersion() => _commentVersion;

    /// <summary>Describes the event by its envelope, without the resource.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"VstsWebhookEvent {{ EventType = {EventType}, EventId = {EventId}, NotificationId = {NotificationId}, SubscriptionId = {SubscriptionId} }}");

    private static VstsWebhookEvent? Read(ReadOnlySpan<byte> utf8Json, out string error, out JsonException? cause)
    {
        cause = null;
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            // A byte order mark is not JSON, but some relays (queues, proxies) add one: skip it.
            utf8Json = utf8Json[3..];
        }

        if (utf8Json.IsEmpty)
        {
            error = "The webhook body is empty.";
            return null;
        }

        // One pass of the reader first, so that broken JSON and a payload of the wrong shape get their own messages.
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = $"The webhook body must be a JSON object, not {Describe(reader.TokenType)}.";
                return null;
            }

            reader.Skip();
            reader.Read();
        }
        catch (JsonException ex)
        {
            error = $"The webhook body is not valid JSON: {ex.Message}";
            cause = ex;
            return null;
        }

        VstsWebhookEvent webhookEvent;
        try
        {
            webhookEvent = JsonSerializer.Deserialize(utf8Json, VstsWebhookJsonContext.Default.VstsWebhookEvent)!;
        }
        catch (JsonException ex)
        {
            error = WrongShape(ex);
            cause = ex;
            return null;
        }

        if (webhookEvent.EventType.Value.Length == 0)
        {
            error = "The webhook payload has no eventType: it is not an Azure DevOps service-hook payload.";
            return null;
        }

        cause = webhookEvent.ReadResource();
        if (cause is not null)
        {
            error = WrongShape(cause);
            return null;
        }

        error = string.Empty;
        return webhookEvent;
    }

    private static string WrongShape(JsonException ex) =>
        $"The webhook payload has a member of the wrong shape at {ex.Path ?? "$"}: {ex.Message}";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    /// <summary>Reads the resource as the model its event type promises; if it is not one, the failure with its path in the whole payload.</summary>
    private JsonException? ReadResource()
    {
        if (Resource.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var context = VstsWebhookJsonContext.Default;
        try
        {
            if (EventType == VstsWebhookEventType.WorkItemUpdated)
            {
                _workItemUpdate = Resource.Deserialize(context.WorkItemUpdate);
                _workItem = _workItemUpdate?.WorkItem;
            }
            else if (EventType == VstsWebhookEventType.WorkItemCreated
                || EventType == VstsWebhookEventType.WorkItemDeleted
                || EventType == VstsWebhookEventType.WorkItemRestored
                || EventType == VstsWebhookEventType.WorkItemCommented)
            {
                _workItem = Resource.Deserialize(context.WorkItem);
            }
        }
        catch (JsonException ex)
        {
            return Rooted(ex, "$.resource");
        }

        if (Resource.TryGetProperty("commentVersionRef", out var commentVersion) && commentVersion.ValueKind == JsonValueKind.Object)
        {
            try
            {
                _commentVersion = commentVersion.Deserialize(context.WorkItemCommentVersionRef);
            }
            catch (JsonException ex)
            {
                return Rooted(ex, "$.resource.commentVersionRef");
            }
        }

        return null;
    }

    // The serializer gives the path within the part it read (the resource, the comment reference): prefix the part's own path.
    private static JsonException Rooted(JsonException ex, string root) =>
        new(ex.Message, root + (ex.Path is { Length: > 0 } relative ? relative[1..] : string.Empty), ex.LineNumber, ex.BytePositionInLine, ex);
}
