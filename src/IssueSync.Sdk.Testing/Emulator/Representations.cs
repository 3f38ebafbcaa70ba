using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>How the REST API shows the organization's objects (api-version 7.1 shapes).</summary>
internal static class Representations
{
    public static JsonObject Project(EmulatedOrganization org, EmulatedProject project, bool detailed)
    {
        var json = new JsonObject
        {
            ["id"] = project.Id,
            ["name"] = project.Name,
            ["description"] = project.Description,
            ["url"] = $"{org.Url}_apis/projects/{project.Id}",
            ["state"] = "wellFormed",
            ["revision"] = 1,
            ["visibility"] = "private",
            ["lastUpdateTime"] = "2026-01-01T00:00:00.000Z",
        };
        if (detailed)
        {
            json["_links"] = new JsonObject
            {
                ["self"] = Link($"{org.Url}_apis/projects/{project.Id}"),
                ["collection"] = Link($"{org.Url}_apis/projectCollections/{org.Id}"),
                ["web"] = Link($"{org.Url}{Uri.EscapeDataString(project.Name)}"),
            };
            json["defaultTeam"] = new JsonObject
            {
                ["id"] = DeterministicId(project.Id, "team"),
                ["name"] = project.Name + " Team",
                ["url"] = $"{org.Url}_apis/projects/{project.Id}/teams/{DeterministicId(project.Id, "team")}",
            };
        }

        return json;
    }

    /// <summary>An IdentityRef, as work item fields and comments show a user in the REST API.</summary>
    public static JsonObject Identity(EmulatedOrganization org, EmulatedUser user) => new()
    {
        ["displayName"] = user.DisplayName,
        ["url"] = $"{org.Url}_apis/Identities/{user.Id}",
        ["_links"] = new JsonObject { ["avatar"] = Link($"{org.Url}_apis/GraphProfile/MemberAvatars/{user.Descriptor}") },
        ["id"] = user.Id,
        ["uniqueName"] = user.UniqueName,
        ["imageUrl"] = $"{org.Url}_apis/GraphProfile/MemberAvatars/{user.Descriptor}",
        ["descriptor"] = user.Descriptor,
    };

    public static JsonObject GraphUser(EmulatedOrganization org, EmulatedUser user)
    {
        var isService = user.MailAddress.Length == 0;
        return new JsonObject
        {
            ["subjectKind"] = "user",
            ["metaType"] = isService ? null : "member",
            ["domain"] = isService ? "Build" : DeterministicId(org.Id, "tenant"),
            ["principalName"] = user.PrincipalName,
            ["mailAddress"] = user.MailAddress,
            ["origin"] = isService ? "vsts" : "aad",
            ["originId"] = user.Id,
            ["displayName"] = user.DisplayName,
            ["_links"] = new JsonObject
            {
                ["self"] = Link($"{org.Url}_apis/Graph/Users/{user.Descriptor}"),
                ["memberships"] = Link($"{org.Url}_apis/Graph/Memberships/{user.Descriptor}"),
                ["avatar"] = Link($"{org.Url}_apis/GraphProfile/MemberAvatars/{user.Descriptor}"),
            },
            ["url"] = $"{org.Url}_apis/Graph/Users/{user.Descriptor}",
            ["descriptor"] = user.Descriptor,
        };
    }

    public static string WorkItemUrl(EmulatedOrganization org, WorkItemRecord record) =>
        $"{org.Url}{record.Project.Id}/_apis/wit/workItems/{record.Id}";

    /// <summary>A work item at a revision: fields (identities as IdentityRef objects), relations and links per <c>$expand</c>.</summary>
    public static JsonObject WorkItem(EmulatedOrganization org, WorkItemRecord record, RevisionRecord revision, string expand, IReadOnlyCollection<string>? fieldFilter)
    {
        var fields = new JsonObject();
        foreach (var (name, value) in revision.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (fieldFilter is not null && !fieldFilter.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            fields[name] = EmulatedOrganization.IdentityFields.Contains(name) && EmulatorJson.Text(value) is { } uniqueName && org.ResolveUser(uniqueName) is { } user
                ? Identity(org, user)
                : value?.DeepClone();
        }

        var url = WorkItemUrl(org, record);
        var json = new JsonObject { ["id"] = record.Id, ["rev"] = revision.Rev, ["fields"] = fields };
        if (expand is "relations" or "all" && revision.Relations.Count > 0)
        {
            json["relations"] = new JsonArray([.. revision.Relations.Select(Relation)]);
        }

        if (CommentVersionRef(org, record, revision) is { } commentVersionRef)
        {
            json["commentVersionRef"] = commentVersionRef;
        }

        if (record.MultilineFormats.Count > 0)
        {
            json["multilineFieldsFormat"] = new JsonObject([.. record.MultilineFormats.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))]);
        }

        if (expand is "links" or "all")
        {
            json["_links"] = new JsonObject
            {
                ["self"] = Link(url),
                ["workItemUpdates"] = Link(url + "/updates"),
                ["workItemRevisions"] = Link(url + "/revisions"),
                ["workItemComments"] = Link(url + "/comments"),
                ["html"] = Link($"{org.Url}{Uri.EscapeDataString(record.Project.Name)}/_workitems/edit/{record.Id}"),
                ["workItemType"] = Link($"{org.Url}{record.Project.Id}/_apis/wit/workItemTypes/{Uri.EscapeDataString(record.Type.Name)}"),
                ["fields"] = Link($"{org.Url}{record.Project.Id}/_apis/wit/fields"),
            };
        }

        json["url"] = url;
        return json;
    }

    /// <summary>
    /// <c>commentVersionRef</c> of a revision a comment made (<c>{commentId, version, url}</c>), as the
    /// work item shows it at that revision; <see langword="null"/> for other revisions.
    /// </summary>
    public static JsonObject? CommentVersionRef(EmulatedOrganization org, WorkItemRecord record, RevisionRecord revision) =>
        revision.CommentVersion is not { } version
            ? null
            : new JsonObject
            {
                ["commentId"] = version.CommentId,
                ["version"] = version.Version,
                ["url"] = $"{WorkItemUrl(org, record)}/comments/{version.CommentId}/versions/{version.Version}",
            };

    public static JsonObject Relation(RelationRecord relation) => new()
    {
        ["rel"] = relation.Rel,
        ["url"] = relation.Url,
        ["attributes"] = relation.Attributes.DeepClone(),
    };

    public static JsonObject Comment(EmulatedOrganization org, CommentRecord comment, string projectId) => new()
    {
        ["workItemId"] = comment.WorkItemId,
        ["id"] = comment.Id,
        ["version"] = comment.Version,
        ["text"] = comment.Text,
        ["format"] = comment.Format,
        ["createdBy"] = Identity(org, comment.CreatedBy),
        ["createdDate"] = EmulatorJson.Date(comment.CreatedDate),
        ["modifiedBy"] = Identity(org, comment.ModifiedBy),
        ["modifiedDate"] = EmulatorJson.Date(comment.ModifiedDate),
        ["isDeleted"] = comment.IsDeleted,
        ["mentions"] = new JsonArray(),
        ["reactions"] = new JsonArray(),
        ["url"] = $"{org.Url}{projectId}/_apis/wit/workItems/{comment.WorkItemId}/comments/{comment.Id}",
    };

    public static JsonObject Subscription(EmulatedOrganization org, SubscriptionRecord subscription)
    {
        var consumerInputs = new JsonObject();
        foreach (var (key, value) in subscription.ConsumerInputs)
        {
            // Azure DevOps masks the basic-auth password in what it returns.
            consumerInputs[key] = string.Equals(key, "basicAuthPassword", StringComparison.OrdinalIgnoreCase) ? "********" : value;
        }

        return new JsonObject
        {
            ["id"] = subscription.Id,
            ["url"] = $"{org.Url}_apis/hooks/subscriptions/{subscription.Id}",
            ["status"] = subscription.Status,
            ["publisherId"] = subscription.PublisherId,
            ["eventType"] = subscription.EventType,
            ["subscriber"] = null,
            ["resourceVersion"] = subscription.ResourceVersion,
            ["eventDescription"] = "Any work item",
            ["consumerId"] = subscription.ConsumerId,
            ["consumerActionId"] = subscription.ConsumerActionId,
            ["actionDescription"] = "To host " + (Uri.TryCreate(subscription.ConsumerInputs.GetValueOrDefault("url"), UriKind.Absolute, out var target) ? target.Authority : string.Empty),
            ["probationRetries"] = subscription.ProbationRetries,
            ["lastProbationRetryDate"] = subscription.LastProbationRetryDate is { } lastProbationRetry ? EmulatorJson.Date(lastProbationRetry) : null,
            ["createdBy"] = Identity(org, subscription.CreatedBy),
            ["createdDate"] = EmulatorJson.Date(subscription.CreatedDate),
            ["modifiedBy"] = Identity(org, subscription.ModifiedBy),
            ["modifiedDate"] = EmulatorJson.Date(subscription.ModifiedDate),
            ["publisherInputs"] = new JsonObject([.. subscription.PublisherInputs.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["consumerInputs"] = consumerInputs,
        };
    }

    public static JsonObject Link(string href) => new() { ["href"] = href };

    /// <summary>A stable GUID derived from an id and a purpose, for ids the emulator shows but never stores.</summary>
    private static string DeterministicId(string id, string purpose)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id + "/" + purpose));
        return new Guid(bytes.AsSpan(0, 16)).ToString("D");
    }
}
