using System.Net;
using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// Service-hook payloads of the <c>tfs</c> publisher, <c>resourceVersion</c> 1.0: the envelope
/// (<c>subscriptionId</c>, <c>notificationId</c>, <c>id</c>, <c>eventType</c>, <c>resourceContainers</c>, …)
/// around the resource. In 1.0 payloads identities are <c>"Display Name &lt;email&gt;"</c> strings.
/// </summary>
internal static class WebhookPayloads
{
    public static JsonObject Build(EmulatedOrganization org, SubscriptionRecord subscription, int notificationId, string eventType, WorkItemRecord record, RevisionRecord revision, DateTimeOffset now)
    {
        var baseUrl = org.Url.AbsoluteUri;
        var verb = eventType switch
        {
            "workitem.created" => "created",
            "workitem.deleted" => "deleted",
            "workitem.commented" => "commented on",
            _ => "updated",
        };
        var title = EmulatorJson.Text(revision.Fields.GetValueOrDefault("System.Title")) ?? string.Empty;
        var text = $"{record.Type.Name} #{record.Id} ({title}) {verb} by {revision.ChangedBy.DisplayName}";
        var link = $"{baseUrl}{Uri.EscapeDataString(record.Project.Name)}/_workitems/edit/{record.Id}";
        var html = $"<a href=\"{link}\">{WebUtility.HtmlEncode($"{record.Type.Name} #{record.Id}")}</a> ({WebUtility.HtmlEncode(title)}) {verb} by {WebUtility.HtmlEncode(revision.ChangedBy.DisplayName)}";
        var markdown = $"[{record.Type.Name} #{record.Id}]({link}) ({title}) {verb} by {revision.ChangedBy.DisplayName}";
        var message = new JsonObject { ["text"] = text, ["html"] = html, ["markdown"] = markdown };

        return new JsonObject
        {
            ["subscriptionId"] = subscription.Id,
            ["notificationId"] = notificationId,
            ["id"] = Guid.NewGuid().ToString("D"),
            ["eventType"] = eventType,
            ["publisherId"] = "tfs",
            ["message"] = message,
            ["detailedMessage"] = message.DeepClone(),
            ["resource"] = eventType == "workitem.updated" ? Update(org, record, revision) : FullItem(org, record, revision),
            ["resourceVersion"] = "1.0",
            ["resourceContainers"] = new JsonObject
            {
                ["collection"] = Container(org.Id, baseUrl),
                ["account"] = Container(org.Id, baseUrl),
                ["project"] = Container(record.Project.Id, baseUrl),
            },
            ["createdDate"] = EmulatorJson.Date(now),
        };
    }

    /// <summary>The update resource: only changed fields as old/new pairs, plus the full item at the revision.</summary>
    private static JsonObject Update(EmulatedOrganization org, WorkItemRecord record, RevisionRecord revision)
    {
        var itemUrl = Representations.WorkItemUrl(org, record);
        var changed = new JsonObject();
        foreach (var (name, change) in revision.Changes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var pair = new JsonObject();
            if (change.HadOld)
            {
                pair["oldValue"] = Value(org, name, change.OldValue);
            }

            if (change.HasNew)
            {
                pair["newValue"] = Value(org, name, change.NewValue);
            }

            changed[name] = pair;
        }

        // Every update revises the previous revision: its revised date moves from "not revised" to now.
        changed["System.RevisedDate"] = new JsonObject { ["oldValue"] = EmulatorJson.Date(revision.ChangedDate), ["newValue"] = EmulatorJson.NotRevised };

        var resource = new JsonObject
        {
            ["id"] = revision.Rev,
            ["workItemId"] = record.Id,
            ["rev"] = revision.Rev,
            ["revisedBy"] = RevisedBy(org, revision.ChangedBy),
            ["revisedDate"] = EmulatorJson.NotRevised,
            ["fields"] = changed,
        };
        if (revision.RelationsAdded.Count > 0 || revision.RelationsRemoved.Count > 0)
        {
            var relations = new JsonObject();
            if (revision.RelationsAdded.Count > 0)
            {
                relations["added"] = new JsonArray([.. revision.RelationsAdded.Select(Representations.Relation)]);
            }

            if (revision.RelationsRemoved.Count > 0)
            {
                relations["removed"] = new JsonArray([.. revision.RelationsRemoved.Select(Representations.Relation)]);
            }

            resource["relations"] = relations;
        }

        resource["_links"] = new JsonObject
        {
            ["self"] = Representations.Link($"{itemUrl}/updates/{revision.Rev}"),
            ["workItemUpdates"] = Representations.Link($"{itemUrl}/updates"),
            ["parent"] = Representations.Link(itemUrl),
        };
        resource["url"] = $"{itemUrl}/updates/{revision.Rev}";
        resource["revision"] = FullItem(org, record, revision, $"{itemUrl}/revisions/{revision.Rev}");
        return resource;
    }

    private static JsonObject FullItem(EmulatedOrganization org, WorkItemRecord record, RevisionRecord revision, string? url = null)
    {
        var fields = new JsonObject();
        foreach (var (name, value) in revision.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            fields[name] = Value(org, name, value);
        }

        var json = new JsonObject { ["id"] = record.Id, ["rev"] = revision.Rev, ["fields"] = fields };
        if (revision.Relations.Count > 0)
        {
            json["relations"] = new JsonArray([.. revision.Relations.Select(Representations.Relation)]);
        }

        if (Representations.CommentVersionRef(org, record, revision) is { } commentVersionRef)
        {
            json["commentVersionRef"] = commentVersionRef;
        }

        json["url"] = url ?? Representations.WorkItemUrl(org, record);
        return json;
    }

    private static JsonNode? Value(EmulatedOrganization org, string field, JsonNode? value) =>
        EmulatedOrganization.IdentityFields.Contains(field) && EmulatorJson.Text(value) is { } uniqueName && org.ResolveUser(uniqueName) is { } user
            ? JsonValue.Create(user.NameWithEmail)
            : value?.DeepClone();

    private static JsonObject RevisedBy(EmulatedOrganization org, EmulatedUser user)
    {
        var identity = Representations.Identity(org, user);
        identity["name"] = user.NameWithEmail;
        return identity;
    }

    private static JsonObject Container(string id, string baseUrl) => new() { ["id"] = id, ["baseUrl"] = baseUrl };
}
