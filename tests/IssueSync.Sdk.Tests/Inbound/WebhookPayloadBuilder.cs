using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary>
/// Edits a parsed payload in place, one fact at a time, and hands back its bytes. A payload whose <c>resource</c> has a
/// <c>revision</c> is an update: its changed fields are <c>{oldValue, newValue}</c> pairs in <c>resource.fields</c> and the
/// work item at the revision is <c>resource.revision</c>. Any other payload's <c>resource</c> is the work item itself.
/// <c>With…</c> sets a value; <c>Without…</c> removes it from every place the payload carries it.
/// </summary>
internal sealed class WebhookPayloadBuilder
{
    internal WebhookPayloadBuilder(JsonObject root) => Root = root;

    /// <summary>The payload, for an edit no member below covers.</summary>
    public JsonObject Root { get; }

    private JsonObject Resource => Root["resource"]!.AsObject();

    private JsonObject? Revision => Resource["revision"] as JsonObject;

    private bool IsUpdate => Revision is not null;

    /// <summary>The work item's own fields: <c>resource.revision.fields</c> in an update, <c>resource.fields</c> otherwise.</summary>
    private JsonObject ItemFields => (Revision ?? Resource)["fields"]!.AsObject();

    /// <summary>Sets the envelope's <c>eventType</c> (the shape of <c>resource</c> stays).</summary>
    public WebhookPayloadBuilder WithEventType(string eventType) => Set(Root, "eventType", eventType);

    /// <summary>Removes the envelope's <c>eventType</c>.</summary>
    public WebhookPayloadBuilder WithoutEventType() => Remove(Root, "eventType");

    /// <summary>Sets <c>resourceContainers.collection.id</c> (<c>account.id</c> stays).</summary>
    public WebhookPayloadBuilder WithCollectionId(string collectionId) => Set(Collection, "id", collectionId);

    /// <summary>Removes <c>resourceContainers.collection.id</c>.</summary>
    public WebhookPayloadBuilder WithoutCollectionId() => Remove(Collection, "id");

    /// <summary>Sets the envelope's <c>subscriptionId</c>.</summary>
    public WebhookPayloadBuilder WithSubscriptionId(string subscriptionId) => Set(Root, "subscriptionId", subscriptionId);

    /// <summary>Removes the envelope's <c>subscriptionId</c>.</summary>
    public WebhookPayloadBuilder WithoutSubscriptionId() => Remove(Root, "subscriptionId");

    /// <summary>Sets the envelope's <c>notificationId</c>.</summary>
    public WebhookPayloadBuilder WithNotificationId(int notificationId) => Set(Root, "notificationId", notificationId);

    /// <summary>Removes the envelope's <c>notificationId</c>.</summary>
    public WebhookPayloadBuilder WithoutNotificationId() => Remove(Root, "notificationId");

    /// <summary>Sets the envelope's <c>id</c>, the event id.</summary>
    public WebhookPayloadBuilder WithEventId(string eventId) => Set(Root, "id", eventId);

    /// <summary>Removes the envelope's <c>id</c>.</summary>
    public WebhookPayloadBuilder WithoutEventId() => Remove(Root, "id");

    /// <summary>
    /// Makes the payload another notification of another event: <c>notificationId</c> set, and an event id derived from
    /// it, so dedupe takes it for a new delivery (the same number always gives the same ids).
    /// </summary>
    public WebhookPayloadBuilder AsDelivery(int notificationId) =>
        WithNotificationId(notificationId).WithEventId($"00000000-0000-4000-8000-{notificationId:D12}");

    /// <summary>Sets the work item id: <c>resource.workItemId</c> and <c>resource.revision.id</c> in an update, <c>resource.id</c> otherwise.</summary>
    public WebhookPayloadBuilder WithWorkItemId(int workItemId) => IsUpdate
        ? Set(Resource, "workItemId", workItemId).Set(Revision!, "id", workItemId)
        : Set(Resource, "id", workItemId);

    /// <summary>Removes the work item id from every place <see cref="WithWorkItemId"/> sets it.</summary>
    public WebhookPayloadBuilder WithoutWorkItemId() => IsUpdate
        ? Remove(Resource, "workItemId").Remove(Revision!, "id")
        : Remove(Resource, "id");

    /// <summary>
    /// Sets the revision: <c>resource.rev</c>, <c>resource.revision.rev</c>, the item's <c>System.Rev</c> and, in an update,
    /// the <c>System.Rev</c> change <c>{oldValue: rev - 1, newValue: rev}</c>; all as JSON strings when <paramref name="asString"/>.
    /// </summary>
    public WebhookPayloadBuilder WithRev(int rev, bool asString = false)
    {
        Set(Resource, "rev", Number(rev, asString));
        if (IsUpdate)
        {
            Set(Revision!, "rev", Number(rev, asString));
            SetChange("System.Rev", Number(rev - 1, asString), Number(rev, asString));
        }
        else
        {
            Set(ItemFields, "System.Rev", Number(rev, asString));
        }

        return this;
    }

    /// <summary>Removes the revision from every place <see cref="WithRev"/> sets it.</summary>
    public WebhookPayloadBuilder WithoutRev()
    {
        Remove(Resource, "rev").Remove(ItemFields, "System.Rev");
        if (IsUpdate)
        {
            Remove(Revision!, "rev").Remove(ChangedFields, "System.Rev");
        }

        return this;
    }

    /// <summary>Sets <c>resource.revisedBy.id</c>, creating <c>revisedBy</c> as <c>{id}</c> where it is null or absent.</summary>
    public WebhookPayloadBuilder WithRevisedById(string id)
    {
        if (Resource["revisedBy"] is JsonObject revisedBy)
        {
            return Set(revisedBy, "id", id);
        }

        return Set(Resource, "revisedBy", new JsonObject { ["id"] = id });
    }

    /// <summary>Sets <c>resource.revisedBy</c> to null, as the learn-docs sample sends it.</summary>
    public WebhookPayloadBuilder WithoutRevisedBy() => Set(Resource, "revisedBy", null);

    /// <summary>
    /// Sets the <c>System.AssignedTo</c> change and the item's assignee; see <see cref="SetChange"/>. A value is a
    /// <c>"Name &lt;email&gt;"</c> or bare-email string, an identity object (<see cref="WebhookPayloads.Identity"/>), or null for absent.
    /// </summary>
    public WebhookPayloadBuilder WithAssignedTo(JsonNode? oldValue, JsonNode? newValue) => SetChange("System.AssignedTo", oldValue, newValue);

    /// <summary>Removes the <c>System.AssignedTo</c> change of an update; the item keeps its assignee.</summary>
    public WebhookPayloadBuilder WithoutAssignedToChange() => RemoveChange("System.AssignedTo");

    /// <summary>Sets the <c>System.State</c> change and the item's state; see <see cref="SetChange"/>.</summary>
    public WebhookPayloadBuilder WithState(string? oldValue, string? newValue) => SetChange("System.State", oldValue, newValue);

    /// <summary>Removes the <c>System.State</c> change of an update; the item keeps its state.</summary>
    public WebhookPayloadBuilder WithoutStateChange() => RemoveChange("System.State");

    /// <summary>Sets the item's <c>System.WorkItemType</c>.</summary>
    public WebhookPayloadBuilder WithWorkItemType(string workItemType) => Set(ItemFields, "System.WorkItemType", workItemType);

    /// <summary>The payload as compact UTF-8 JSON, as a delivery carries it.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Root.ToJsonString());

    private JsonObject Collection => Root["resourceContainers"]!["collection"]!.AsObject();

    private JsonObject ChangedFields => Resource["fields"]!.AsObject();

    /// <summary>
    /// In an update, writes the change pair with the sides that are not null (no pair when both are null); in any payload,
    /// sets the item's field to <paramref name="newValue"/>, or removes it when null. Only an update has old values.
    /// </summary>
    private WebhookPayloadBuilder SetChange(string field, JsonNode? oldValue, JsonNode? newValue)
    {
        if (IsUpdate)
        {
            var pair = new JsonObject();
            if (oldValue is not null)
            {
                pair["oldValue"] = oldValue.DeepClone();
            }

            if (newValue is not null)
            {
                pair["newValue"] = newValue.DeepClone();
            }

            if (pair.Count == 0)
            {
                Remove(ChangedFields, field);
            }
            else
            {
                Set(ChangedFields, field, pair);
            }
        }
        else if (oldValue is not null)
        {
            throw new InvalidOperationException($"Only a workitem.updated payload has an old value of {field}.");
        }

        return newValue is null ? Remove(ItemFields, field) : Set(ItemFields, field, newValue.DeepClone());
    }

    private WebhookPayloadBuilder RemoveChange(string field) => IsUpdate ? Remove(ChangedFields, field) : this;

    private static JsonNode Number(int value, bool asString) =>
        asString ? JsonValue.Create(value.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(value);

    private WebhookPayloadBuilder Set(JsonObject target, string property, JsonNode? value)
    {
        target[property] = value;
        return this;
    }

    private WebhookPayloadBuilder Remove(JsonObject target, string property)
    {
        target.Remove(property);
        return this;
    }
}
