using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>The REST endpoints the emulator serves, with Azure DevOps' paths, query options and body shapes.</summary>
internal static class EmulatorEndpoints
{
    private const string JsonPatch = "application/json-patch+json";
    private const int BatchLimit = 200;
    private const int CommentPageLimit = 200;

    public static readonly IReadOnlyList<EmulatorRoute> Routes =
    [
        new("GET", "connectionData", RouteScope.Organization, PreviewOnly: true, ConnectionData),
        new("GET", "projects", RouteScope.Organization, PreviewOnly: false, ListProjects),
        new("GET", "projects/{project}", RouteScope.Organization, PreviewOnly: false, GetProject),
        new("GET", "wit/workitems/{id}", RouteScope.OptionalProject, PreviewOnly: false, GetWorkItem),
        new("PATCH", "wit/workitems/{id}", RouteScope.OptionalProject, PreviewOnly: false, UpdateWorkItem),
        new("DELETE", "wit/workitems/{id}", RouteScope.OptionalProject, PreviewOnly: false, DeleteWorkItem),
        new("POST", "wit/workitems/${type}", RouteScope.Project, PreviewOnly: false, CreateWorkItem),
        new("POST", "wit/workitemsbatch", RouteScope.OptionalProject, PreviewOnly: false, GetWorkItemsBatch),
        new("POST", "wit/wiql", RouteScope.OptionalProjectAndTeam, PreviewOnly: false, QueryWiql),
        new("GET", "wit/workitemtypes/{type}/states", RouteScope.Project, PreviewOnly: false, GetStates),
        new("GET", "wit/workitemtypecategories", RouteScope.Project, PreviewOnly: false, GetCategories),
        new("GET", "wit/recyclebin", RouteScope.Project, PreviewOnly: false, ReportingEndpoints.GetDeletedWorkItems),
        new("GET", "wit/reporting/workitemrevisions", RouteScope.OptionalProject, PreviewOnly: false, ReportingEndpoints.ReadRevisions),
        new("POST", "wit/workItems/{id}/comments", RouteScope.Project, PreviewOnly: true, AddComment),
        new("GET", "wit/workItems/{id}/comments", RouteScope.Project, PreviewOnly: true, ListComments),
        new("GET", "wit/workItems/{id}/comments/{commentId}", RouteScope.Project, PreviewOnly: true, GetComment),
        new("PATCH", "wit/workItems/{id}/comments/{commentId}", RouteScope.Project, PreviewOnly: true, UpdateComment),
        new("DELETE", "wit/workItems/{id}/comments/{commentId}", RouteScope.Project, PreviewOnly: true, DeleteComment),
        new("GET", "graph/users", RouteScope.Organization, PreviewOnly: true, ListGraphUsers),
        new("POST", "search/workitemsearchresults", RouteScope.OptionalProject, PreviewOnly: false, SearchWorkItems),
        new("POST", "hooks/subscriptions", RouteScope.Organization, PreviewOnly: false, CreateSubscription),
        new("GET", "hooks/subscriptions", RouteScope.Organization, PreviewOnly: false, ListSubscriptions),
        new("GET", "hooks/subscriptions/{subscriptionId}", RouteScope.Organization, PreviewOnly: false, GetSubscription),
        new("PUT", "hooks/subscriptions/{subscriptionId}", RouteScope.Organization, PreviewOnly: false, ReplaceSubscription),
        new("DELETE", "hooks/subscriptions/{subscriptionId}", RouteScope.Organization, PreviewOnly: false, DeleteSubscription),
        new("POST", "hooks/subscriptionsquery", RouteScope.Organization, PreviewOnly: false, QuerySubscriptions),
        .. ProcessEndpoints.Routes(),
    ];

    private static Task<EmulatorAnswer> ConnectionData(EmulatorCall call)
    {
        var user = call.User;
        JsonObject Identity() => new()
        {
            ["id"] = user.Id,
            ["descriptor"] = "Microsoft.IdentityModel.Claims.ClaimsIdentity;" + user.UniqueName,
            ["subjectDescriptor"] = user.Descriptor,
            ["providerDisplayName"] = user.DisplayName,
            ["isActive"] = true,
            ["properties"] = new JsonObject { ["Account"] = new JsonObject { ["$type"] = "System.String", ["$value"] = user.UniqueName } },
            ["resourceVersion"] = 2,
            ["metaTypeId"] = 0,
        };
        var body = new JsonObject
        {
            ["authenticatedUser"] = Identity(),
            ["authorizedUser"] = Identity(),
            ["instanceId"] = call.Organization.Id,
            ["deploymentId"] = DeterministicGuid(call.Organization.Id + "/deployment"),
            ["deploymentType"] = "hosted",
            ["locationServiceData"] = new JsonObject { ["defaultAccessMappingMoniker"] = "PublicAccessMapping", ["lastChangeId"] = 1, ["lastChangeId64"] = 1 },
        };
        return Done(EmulatorAnswer.Ok(body));
    }

    private static Task<EmulatorAnswer> ListProjects(EmulatorCall call)
    {
        var stateFilter = call.Query("stateFilter");
        var all = stateFilter is null || stateFilter.Equals("wellFormed", StringComparison.OrdinalIgnoreCase) || stateFilter.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? call.Organization.Projects
            : []; // every emulated project is well formed
        var top = call.QueryInt("$top", min: 1) ?? call.Options.ProjectsPageSize;
        var skip = call.QueryInt("$skip") ?? 0;
        if (call.Query("continuationToken") is { Length: > 0 } token)
        {
            skip = int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var fromToken)
                ? fromToken
                : throw EmulatorError.BadRequest($"The continuation token '{token}' is not valid.");
        }

        var page = all.Skip(skip).Take(top).Select(p => (JsonNode)Representations.Project(call.Organization, p, detailed: false));
        var next = skip + top < all.Count ? (skip + top).ToString(CultureInfo.InvariantCulture) : null;
        return Done(EmulatorAnswer.List(page, next));
    }

    private static Task<EmulatorAnswer> GetProject(EmulatorCall call)
    {
        var project = call.Organization.FindProject(call.Values["project"]);
        var json = Representations.Project(call.Organization, project, detailed: true);
        if (call.QueryFlag("includeCapabilities"))
        {
            var process = EmulatedOrganization.ProcessOf(project);
            json["capabilities"] = new JsonObject
            {
                ["versioncontrol"] = new JsonObject { ["sourceControlType"] = "Git", ["gitEnabled"] = "True", ["tfvcEnabled"] = "False" },
                ["processTemplate"] = new JsonObject { ["templateName"] = process.Name, ["templateTypeId"] = process.TypeId },
            };
        }

        return Done(EmulatorAnswer.Ok(json));
    }

    private static Task<EmulatorAnswer> GetWorkItem(EmulatorCall call)
    {
        var record = call.Organization.FindWorkItem(call.IntValue("id"), call.Project);
        var (expand, fields) = ReadExpandAndFields(call.Query("$expand"), call.Query("fields")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var revision = record.Current;
        if (call.Query("asOf") is { Length: > 0 } asOfText)
        {
            var asOf = DateTimeOffset.TryParse(asOfText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw EmulatorError.BadRequest($"The value '{asOfText}' of asOf is not a date.");
            revision = record.Revisions.LastOrDefault(r => r.ChangedDate <= asOf) ?? throw EmulatorError.WorkItemNotFound(record.Id);
        }

        return Done(EmulatorAnswer.Ok(Representations.WorkItem(call.Organization, record, revision, expand, fields)));
    }

    private static async Task<EmulatorAnswer> CreateWorkItem(EmulatorCall call)
    {
        call.RequireContentType(JsonPatch);
        var operations = ReadPatch(await call.ReadJsonAsync().ConfigureAwait(false));
        var result = call.Organization.CreateWorkItem(call.Project!, call.Values["type"], operations, call.User, WriteFlags(call));
        return WriteAnswer(call, result);
    }

    private static async Task<EmulatorAnswer> UpdateWorkItem(EmulatorCall call)
    {
        call.RequireContentType(JsonPatch);
        var operations = ReadPatch(await call.ReadJsonAsync().ConfigureAwait(false));
        var result = call.Organization.UpdateWorkItem(call.IntValue("id"), call.Project, operations, call.User, WriteFlags(call));
        return WriteAnswer(call, result);
    }

    private static Task<EmulatorAnswer> DeleteWorkItem(EmulatorCall call)
    {
        var destroy = call.QueryFlag("destroy");
        var record = call.Organization.DeleteWorkItem(call.IntValue("id"), call.Project, destroy);
        if (destroy)
        {
            return Done(new EmulatorAnswer(204, null));
        }

        var body = new JsonObject
        {
            ["id"] = record.Id,
            ["code"] = 200,
            ["deletedBy"] = call.User.NameWithEmail,
            ["deletedDate"] = EmulatorJson.Date(DateTimeOffset.UtcNow),
            ["name"] = EmulatorJson.Text(record.Current.Fields.GetValueOrDefault("System.Title")),
            ["project"] = record.Project.Name,
            ["type"] = record.Type.Name,
            ["url"] = $"{call.Organization.Url}{record.Project.Id}/_apis/wit/recyclebin/{record.Id}",
        };
        return Done(EmulatorAnswer.Ok(body));
    }

    private static async Task<EmulatorAnswer> GetWorkItemsBatch(EmulatorCall call)
    {
        var body = await call.ReadObjectAsync().ConfigureAwait(false);
        if (body["ids"] is not JsonArray idArray || idArray.Count == 0)
        {
            throw EmulatorError.BadRequest("The ids of the work items to read are required.");
        }

        if (idArray.Count > BatchLimit)
        {
            throw EmulatorError.BadRequest($"VS403474: You requested {idArray.Count} work items which exceeds the limit of {BatchLimit}");
        }

        var fields = body["fields"] is JsonArray fieldArray ? fieldArray.Select(EmulatorJson.Text).OfType<string>().ToArray() : null;
        var (expand, fieldFilter) = ReadExpandAndFields(EmulatorJson.String(body, "$expand"), fields);
        var omit = string.Equals(EmulatorJson.String(body, "errorPolicy"), "omit", StringComparison.OrdinalIgnoreCase);
        var items = new List<JsonNode?>();
        foreach (var node in idArray)
        {
            var id = node is JsonValue v && v.TryGetValue<int>(out var n) ? n : throw EmulatorError.BadRequest("Work item ids must be numbers.");
            try
            {
                var record = call.Organization.FindWorkItem(id, call.Project);
                items.Add(Representations.WorkItem(call.Organization, record, record.Current, expand, fieldFilter));
            }
            catch (EmulatorError) when (omit)
            {
                items.Add(null); // errorPolicy omit: a missing item is a null entry
            }
        }

        return EmulatorAnswer.Ok(new JsonObject { ["count"] = items.Count, ["value"] = new JsonArray([.. items]) });
    }

    private static async Task<EmulatorAnswer> QueryWiql(EmulatorCall call)
    {
        var body = await call.ReadObjectAsync().ConfigureAwait(false);
        var text = EmulatorJson.String(body, "query");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw EmulatorError.BadRequest("The query is required.");
        }

        var query = WiqlQuery.Parse(text);
        var project = call.Project is null ? null : call.Organization.FindProject(call.Project).Name;
        var ids = query.Run(call.Organization, project, call.User, call.QueryInt("$top", min: 1));
        var result = new JsonObject
        {
            ["queryType"] = "flat",
            ["queryResultType"] = "workItem",
            ["asOf"] = EmulatorJson.Date(DateTimeOffset.UtcNow),
            ["columns"] = new JsonArray([.. query.Columns.Select(c => (JsonNode)new JsonObject
            {
                ["referenceName"] = c,
                ["name"] = c[(c.LastIndexOf('.') + 1)..],
                ["url"] = $"{call.Organization.Url}_apis/wit/fields/{c}",
            })]),
            ["workItems"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["url"] = $"{call.Organization.Url}_apis/wit/workItems/{id}" })]),
        };
        return EmulatorAnswer.Ok(result);
    }

    private static Task<EmulatorAnswer> GetStates(EmulatorCall call)
    {
        var project = call.Organization.FindProject(call.Project!);
        var type = EmulatedOrganization.ProcessOf(project).FindType(call.Values["type"]) ?? throw EmulatorError.WorkItemTypeNotFound(call.Values["type"], project.Name);
        var states = type.States.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["color"] = s.Color, ["category"] = s.Category });
        return Done(EmulatorAnswer.List(states));
    }

    private static Task<EmulatorAnswer> GetCategories(EmulatorCall call)
    {
        var project = call.Organization.FindProject(call.Project!);
        string TypeUrl(WorkItemTypeDefinition t) => ProcessEndpoints.TypeUrl(call.Organization, project, t);
        var categories = EmulatedOrganization.ProcessOf(project).Categories.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["referenceName"] = c.ReferenceName,
            ["defaultWorkItemType"] = new JsonObject { ["name"] = c.DefaultType.Name, ["url"] = TypeUrl(c.DefaultType) },
            ["workItemTypes"] = new JsonArray([.. c.Types.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["url"] = TypeUrl(t) })]),
            ["url"] = $"{call.Organization.Url}{project.Id}/_apis/wit/workItemTypeCategories/{c.ReferenceName}",
        });
        return Done(EmulatorAnswer.List(categories));
    }

    private static async Task<EmulatorAnswer> AddComment(EmulatorCall call)
    {
        var format = CommentFormat(call);
        var text = await ReadCommentTextAsync(call).ConfigureAwait(false);
        var comment = call.Organization.AddCommentCore(call.IntValue("id"), call.Project, text, format, call.User);
        return EmulatorAnswer.Ok(CommentJson(call, comment));
    }

    private static Task<EmulatorAnswer> ListComments(EmulatorCall call)
    {
        var id = call.IntValue("id");
        var all = call.Organization.ListComments(id, call.Project, call.QueryFlag("includeDeleted"));
        var ordered = string.Equals(call.Query("order"), "asc", StringComparison.OrdinalIgnoreCase) ? all : Enumerable.Reverse(all).ToList();
        var top = Math.Min(call.QueryInt("$top", min: 1) ?? CommentPageLimit, CommentPageLimit);
        var skip = 0;
        if (call.Query("continuationToken") is { Length: > 0 } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            throw EmulatorError.BadRequest($"The continuation token '{token}' is not valid.");
        }

        var page = ordered.Skip(skip).Take(top).ToList();
        var body = new JsonObject
        {
            ["totalCount"] = all.Count(c => !c.IsDeleted),
            ["count"] = page.Count,
            ["comments"] = new JsonArray([.. page.Select(c => (JsonNode)CommentJson(call, c))]),
        };
        var commentsUrl = $"{call.Organization.Url}{call.Organization.FindWorkItem(id, call.Project).Project.Id}/_apis/wit/workItems/{id}/comments";
        if (skip + top < ordered.Count)
        {
            var next = (skip + top).ToString(CultureInfo.InvariantCulture);
            body["nextPage"] = $"{commentsUrl}?continuationToken={next}&$top={top}";
            body["continuationToken"] = next;
        }

        body["url"] = commentsUrl;
        return Done(EmulatorAnswer.Ok(body));
    }

    private static Task<EmulatorAnswer> GetComment(EmulatorCall call) =>
        Done(EmulatorAnswer.Ok(CommentJson(call, call.Organization.FindComment(call.IntValue("id"), call.Project, call.IntValue("commentId")))));

    private static async Task<EmulatorAnswer> UpdateComment(EmulatorCall call)
    {
        var format = CommentFormat(call);
        var text = await ReadCommentTextAsync(call).ConfigureAwait(false);
        var comment = call.Organization.UpdateComment(call.IntValue("id"), call.Project, call.IntValue("commentId"), text, format, call.User);
        return EmulatorAnswer.Ok(CommentJson(call, comment));
    }

    private static Task<EmulatorAnswer> DeleteComment(EmulatorCall call)
    {
        call.Organization.DeleteComment(call.IntValue("id"), call.Project, call.IntValue("commentId"), call.User);
        return Done(new EmulatorAnswer(204, null));
    }

    private static Task<EmulatorAnswer> ListGraphUsers(EmulatorCall call)
    {
        var users = call.Organization.Users.AsEnumerable();
        if (call.Query("subjectTypes") is { Length: > 0 } subjectTypes)
        {
            var kinds = subjectTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            users = users.Where(u => kinds.Any(k => u.Descriptor.StartsWith(k + ".", StringComparison.OrdinalIgnoreCase)));
        }

        var list = users.ToList();
        var skip = 0;
        if (call.Query("continuationToken") is { Length: > 0 } token && !TryReadUserToken(token, out skip))
        {
            throw EmulatorError.BadRequest($"The continuation token '{token}' is not valid.");
        }

        var size = call.Options.GraphUsersPageSize;
        var page = list.Skip(skip).Take(size).Select(u => (JsonNode)Representations.GraphUser(call.Organization, u));
        var next = skip + size < list.Count ? UserToken(skip + size) : null;
        return Done(EmulatorAnswer.List(page, next));
    }

    private static async Task<EmulatorAnswer> SearchWorkItems(EmulatorCall call)
    {
        var body = await call.ReadObjectAsync().ConfigureAwait(false);
        var text = EmulatorJson.String(body, "searchText")?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw EmulatorError.BadRequest("The search text is required.");
        }

        var top = body["$top"] is JsonValue t && t.TryGetValue<int>(out var topValue) ? topValue : 100;
        var skip = body["$skip"] is JsonValue s && s.TryGetValue<int>(out var skipValue) ? skipValue : 0;
        if (top is < 1 or > 1000 || skip < 0)
        {
            throw EmulatorError.BadRequest("$top must be between 1 and 1000 and $skip at least 0.");
        }

        var filters = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (body["filters"] is JsonObject filterObject)
        {
            foreach (var (name, values) in filterObject)
            {
                filters[name] = values is JsonArray array ? [.. array.Select(EmulatorJson.Text).OfType<string>()] : [];
            }
        }

        var project = call.Project is null ? null : call.Organization.FindProject(call.Project);
        var matches = call.Organization.FindWorkItems(w =>
                (project is null || w.Project.Id == project.Id)
                && (Field(w, "System.Title")?.Contains(text, StringComparison.OrdinalIgnoreCase) == true || w.Id.ToString(CultureInfo.InvariantCulture) == text)
                && filters.All(f => f.Value.Contains(Field(w, f.Key) ?? string.Empty, StringComparer.OrdinalIgnoreCase)))
            .OrderByDescending(w => w.Id)
            .ToList();
        var results = matches.Skip(skip).Take(top).Select(w => (JsonNode)SearchHit(call, w, text));
        return EmulatorAnswer.Ok(new JsonObject
        {
            ["count"] = matches.Count,
            ["results"] = new JsonArray([.. results]),
            ["infoCode"] = 0,
            ["facets"] = new JsonObject(),
        });
    }

    private static async Task<EmulatorAnswer> CreateSubscription(EmulatorCall call)
    {
        var body = await call.ReadObjectAsync().ConfigureAwait(false);
        var subscription = call.Organization.CreateSubscription(body, call.User);
        return EmulatorAnswer.Ok(Representations.Subscription(call.Organization, subscription));
    }

    private static Task<EmulatorAnswer> ListSubscriptions(EmulatorCall call) =>
        Done(EmulatorAnswer.List(call.Organization.QuerySubscriptions(_ => true).Select(s => (JsonNode)Representations.Subscription(call.Organization, s))));

    private static Task<EmulatorAnswer> GetSubscription(EmulatorCall call) =>
        Done(EmulatorAnswer.Ok(Representations.Subscription(call.Organization, call.Organization.FindSubscription(call.Values["subscriptionId"]))));

    private static async Task<EmulatorAnswer> ReplaceSubscription(EmulatorCall call)
    {
        var body = await call.ReadObjectAsync().ConfigureAwait(false);
        var subscription = call.Organization.ReplaceSubscription(call.Values["subscriptionId"], body, call.User);
        return EmulatorAnswer.Ok(Representations.Subscription(call.Organization, subscription));
    }

    private static Task<EmulatorAnswer> DeleteSubscription(EmulatorCall call)
    {
        call.Organization.DeleteSubscription(call.Values["subscriptionId"]);
        return Done(new EmulatorAnswer(204, null));
    }

    private static async Task<EmulatorAnswer> QuerySubscriptions(EmulatorCall call)
    {
        var query = await call.ReadObjectAsync().ConfigureAwait(false);
        bool Wanted(string name, string actual) => EmulatorJson.String(query, name) is not { Length: > 0 } wanted || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
        var results = call.Organization.QuerySubscriptions(s =>
            Wanted("publisherId", s.PublisherId) && Wanted("eventType", s.EventType) && Wanted("consumerId", s.ConsumerId) && Wanted("consumerActionId", s.ConsumerActionId));
        var body = (JsonObject)query.DeepClone();
        body["results"] = new JsonArray([.. results.Select(s => (JsonNode)Representations.Subscription(call.Organization, s))]);
        return EmulatorAnswer.Ok(body);
    }

    private static EmulatorAnswer WriteAnswer(EmulatorCall call, EmulatedOrganization.WriteResult result)
    {
        var (expand, _) = ReadExpandAndFields(call.Query("$expand"), null);
        // A revision a comment made carries its commentVersionRef (Representations.WorkItem adds it).
        return EmulatorAnswer.Ok(Representations.WorkItem(call.Organization, result.Item, result.Revision, expand == "none" ? "relations" : expand, null));
    }

    private static EmulatedOrganization.WriteFlags WriteFlags(EmulatorCall call) =>
        (call.QueryFlag("validateOnly") ? EmulatedOrganization.WriteFlags.ValidateOnly : EmulatedOrganization.WriteFlags.None)
        | (call.QueryFlag("bypassRules") ? EmulatedOrganization.WriteFlags.BypassRules : EmulatedOrganization.WriteFlags.None);

    private static List<PatchOperation> ReadPatch(JsonNode body)
    {
        if (body is not JsonArray array)
        {
            throw EmulatorError.BadRequest("You must pass a valid patch document in the body of the request.");
        }

        var operations = new List<PatchOperation>(array.Count);
        foreach (var node in array)
        {
            if (node is not JsonObject op || EmulatorJson.String(op, "op") is not { } name || EmulatorJson.String(op, "path") is not { } path)
            {
                throw EmulatorError.BadRequest("You must pass a valid patch document in the body of the request.");
            }

            var hasValue = op.TryGetPropertyValue("value", out var value);
            operations.Add(new PatchOperation(name, path, value?.DeepClone(), hasValue));
        }

        return operations;
    }

    private static (string Expand, IReadOnlyCollection<string>? Fields) ReadExpandAndFields(string? expand, string[]? fields)
    {
        var normalized = string.IsNullOrEmpty(expand) ? "none" : expand.ToLowerInvariant();
        if (normalized is not ("none" or "relations" or "fields" or "links" or "all"))
        {
            throw EmulatorError.BadRequest($"The value '{expand}' of $expand is not valid: use None, Relations, Fields, Links or All.");
        }

        if (fields is { Length: > 0 } && normalized != "none")
        {
            throw EmulatorError.BadRequest("The expand parameter can not be used with the fields parameter.");
        }

        return (normalized, fields is { Length: > 0 } ? fields : null);
    }

    private static string CommentFormat(EmulatorCall call)
    {
        var format = call.Query("format");
        return string.IsNullOrEmpty(format) ? "html"
            : format.Equals("markdown", StringComparison.OrdinalIgnoreCase) ? "markdown"
            : format.Equals("html", StringComparison.OrdinalIgnoreCase) ? "html"
            : throw EmulatorError.BadRequest($"The value '{format}' of format is not valid: use markdown or html.");
    }

    private static async Task<string> ReadCommentTextAsync(EmulatorCall call)
    {
        var body = await call.ReadObjectAsync().ConfigureAwait(false);
        var text = EmulatorJson.String(body, "text");
        return string.IsNullOrWhiteSpace(text) ? throw EmulatorError.BadRequest("The comment text is required.") : text;
    }

    private static JsonObject CommentJson(EmulatorCall call, CommentRecord comment) =>
        Representations.Comment(call.Organization, comment, call.Organization.FindWorkItem(comment.WorkItemId, null).Project.Id);

    private static JsonObject SearchHit(EmulatorCall call, WorkItemRecord item, string text)
    {
        var fields = new JsonObject
        {
            ["system.id"] = item.Id.ToString(CultureInfo.InvariantCulture),
            ["system.workitemtype"] = item.Type.Name,
            ["system.title"] = Field(item, "System.Title"),
            ["system.state"] = Field(item, "System.State"),
            ["system.tags"] = Field(item, "System.Tags"),
            ["system.rev"] = item.Current.Rev.ToString(CultureInfo.InvariantCulture),
            ["system.createddate"] = Field(item, "System.CreatedDate"),
            ["system.changeddate"] = Field(item, "System.ChangedDate"),
        };
        if (Field(item, "System.AssignedTo") is { } assignee && call.Organization.ResolveUser(assignee) is { } user)
        {
            fields["system.assignedto"] = user.NameWithEmail;
        }

        var title = Field(item, "System.Title") ?? string.Empty;
        var at = title.IndexOf(text, StringComparison.OrdinalIgnoreCase);
        var highlight = at < 0 ? title : $"{title[..at]}<highlighthit>{title.Substring(at, text.Length)}</highlighthit>{title[(at + text.Length)..]}";
        return new JsonObject
        {
            ["project"] = new JsonObject { ["id"] = item.Project.Id, ["name"] = item.Project.Name },
            ["fields"] = fields,
            ["hits"] = new JsonArray(new JsonObject { ["fieldReferenceName"] = "system.title", ["highlights"] = new JsonArray(highlight) }),
            ["url"] = Representations.WorkItemUrl(call.Organization, item),
        };
    }

    private static string? Field(WorkItemRecord item, string name) => EmulatorJson.Text(item.Current.Fields.GetValueOrDefault(name));

    // Graph tokens are opaque in Azure DevOps; the emulator's are too, so clients cannot build them.
    private static string UserToken(int skip) => Convert.ToBase64String(Encoding.UTF8.GetBytes("users:" + skip.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadUserToken(string token, out int skip)
    {
        skip = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("users:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out skip);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string DeterministicGuid(string seed) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16)).ToString("D");

    private static Task<EmulatorAnswer> Done(EmulatorAnswer answer) => Task.FromResult(answer);
}
