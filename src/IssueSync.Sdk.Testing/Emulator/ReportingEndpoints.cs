using System.Globalization;
using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// <c>GET [{project}/]_apis/wit/reporting/workitemrevisions</c>: the organization's revisions in the order they were
/// made, deletions included when asked, in batches with a continuation token (the feed position after the batch).
/// </summary>
internal static class ReportingEndpoints
{
    public static Task<EmulatorAnswer> ReadRevisions(EmulatorCall call)
    {
        var token = call.Query("continuationToken");
        var start = call.Query("startDateTime");
        if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(start))
        {
            throw EmulatorError.BadRequest("startDateTime cannot be used together with a continuationToken.");
        }

        long after = 0;
        if (!string.IsNullOrEmpty(token) && (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after < 0))
        {
            throw EmulatorError.BadRequest($"The continuation token '{token}' is not valid.");
        }

        DateTimeOffset? startDate = null;
        if (!string.IsNullOrEmpty(start))
        {
            startDate = DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw EmulatorError.BadRequest($"The value '{start}' of startDateTime is not a date.");
        }

        var pageSize = Math.Min(call.QueryInt("$maxPageSize", min: 1) ?? call.Options.ReportingRevisionsPageSize, call.Options.ReportingRevisionsMaxPageSize);
        var fields = Split(call.Query("fields"));
        var types = Split(call.Query("types"));
        var identityRef = call.QueryFlag("includeIdentityRef");
        var includeDeleted = call.QueryFlag("includeDeleted");
        var project = call.Project is null ? null : call.Organization.FindProject(call.Project).Name;

        // Project and type scopes look at the revision itself: a moved or retyped item's later revisions drop out.
        bool Wanted(ReportingEntry entry) =>
            (includeDeleted || !entry.Item.IsDeleted)
            && (startDate is null || entry.Date > startDate)
            && (project is null || string.Equals(EmulatorJson.Text(entry.Revision.Fields.GetValueOrDefault("System.TeamProject")), project, StringComparison.OrdinalIgnoreCase))
            && (types is null || types.Contains(EmulatorJson.Text(entry.Revision.Fields.GetValueOrDefault("System.WorkItemType")) ?? string.Empty, StringComparer.OrdinalIgnoreCase));

        var entries = call.Organization.ReadReportingFeed(after, Wanted, pageSize, out var lastExamined);
        var next = lastExamined.ToString(CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["values"] = new JsonArray([.. entries.Select(e => (JsonNode)Revision(call.Organization, e, fields, identityRef))]),
            ["nextLink"] = $"{call.Organization.Url}_apis/wit/reporting/workItemRevisions?continuationToken={next}&api-version=7.1",
            ["continuationToken"] = next,
            // A full batch may have more behind it: the end is known only from a batch that is not full.
            ["isLastBatch"] = entries.Count < pageSize,
        };
        return Task.FromResult(EmulatorAnswer.Ok(body));
    }

    /// <summary>
    /// <c>GET {project}/_apis/wit/recyclebin?ids=...</c>: the asked items that are in the project's recycle bin; an id
    /// that is not (never deleted, restored, destroyed, another project) is left out, so none deleted is an empty list.
    /// </summary>
    public static Task<EmulatorAnswer> GetDeletedWorkItems(EmulatorCall call)
    {
        var text = call.Query("ids");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw EmulatorError.BadRequest("The ids of the deleted work items to read are required.");
        }

        var ids = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ids.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw EmulatorError.BadRequest($"The work item id '{part}' is not valid."));
        }

        var project = call.Organization.FindProject(call.Project!);
        var items = call.Organization.FindDeletedWorkItems(ids, project.Name).Select(record => (JsonNode)new JsonObject
        {
            ["id"] = record.Id,
            ["code"] = 200,
            ["name"] = EmulatorJson.Text(record.Current.Fields.GetValueOrDefault("System.Title")),
            ["project"] = record.Project.Name,
            ["type"] = EmulatorJson.Text(record.Current.Fields.GetValueOrDefault("System.WorkItemType")),
            ["url"] = $"{call.Organization.Url}{Uri.EscapeDataString(record.Project.Name)}/_apis/wit/recycleBin/{record.Id}",
        });
        return Task.FromResult(EmulatorAnswer.List(items));
    }

    private static JsonObject Revision(EmulatedOrganization org, ReportingEntry entry, string[]? filter, bool identityRef)
    {
        var fields = new JsonObject();
        foreach (var (name, value) in entry.Revision.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (filter is not null && !filter.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (EmulatedOrganization.IdentityFields.Contains(name) && EmulatorJson.Text(value) is { } uniqueName && org.ResolveUser(uniqueName) is { } user)
            {
                // Without includeIdentityRef an identity is the "Name <email>" string.
                fields[name] = identityRef ? Representations.Identity(org, user) : JsonValue.Create(user.NameWithEmail);
            }
            else
            {
                fields[name] = value?.DeepClone();
            }
        }

        if (entry.Deleted && (filter is null || filter.Contains("System.IsDeleted", StringComparer.OrdinalIgnoreCase)))
        {
            fields["System.IsDeleted"] = true;
        }

        return new JsonObject
        {
            ["id"] = entry.Item.Id,
            ["rev"] = entry.Revision.Rev,
            ["fields"] = fields,
            ["url"] = $"{org.Url}_apis/wit/workItems/{entry.Item.Id}/revisions/{entry.Revision.Rev}",
        };
    }

    private static string[]? Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
