using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

/// <summary>Work items: JSON-Patch create and update with Azure DevOps' rules, revisions, delete.</summary>
public sealed partial class EmulatedOrganization
{
    internal const string History = "System.History";
    internal const string AssignedTo = "System.AssignedTo";
    internal const string State = "System.State";
    internal const string Tags = "System.Tags";

    /// <summary>Fields whose values are identities: stored as the user's unique name, shown per API as object or "Name &lt;email&gt;".</summary>
    internal static readonly HashSet<string> IdentityFields = new(StringComparer.OrdinalIgnoreCase)
    {
        AssignedTo, "System.CreatedBy", "System.ChangedBy", "System.AuthorizedAs",
    };

    /// <summary>The query options of a write.</summary>
    [Flags]
    internal enum WriteFlags
    {
        None = 0,
        ValidateOnly = 1,
        BypassRules = 2,

        /// <summary>A move or type change: a revision is stored although no writable field changed.</summary>
        Structural = 4,
    }

    /// <summary>The outcome of a write: the item, and the comment a <c>System.History</c> value made.</summary>
    internal readonly record struct WriteResult(WorkItemRecord Item, CommentRecord? Comment, RevisionRecord Revision);

    internal WriteResult CreateWorkItem(string project, string workItemType, IReadOnlyList<PatchOperation> operations, EmulatedUser by, WriteFlags flags)
    {
        lock (_gate)
        {
            var owner = FindProjectLocked(project);
            var type = ProcessOf(owner).FindType(workItemType) ?? throw EmulatorError.WorkItemTypeNotFound(workItemType, owner.Name);
            var draft = new WorkItemRecord(flags.HasFlag(WriteFlags.ValidateOnly) ? -1 : _lastWorkItemId + 1, owner, type);
            var result = Apply(draft, isNew: true, operations, by, flags);
            if (!flags.HasFlag(WriteFlags.ValidateOnly))
            {
                _lastWorkItemId = draft.Id;
                _workItems[draft.Id] = draft;
                Publish("workitem.created", draft, result.Revision);
                if (result.Comment is not null)
                {
                    Publish("workitem.commented", draft, result.Revision);
                }
            }

            return result;
        }
    }

    internal WriteResult UpdateWorkItem(int id, string? projectScope, IReadOnlyList<PatchOperation> operations, EmulatedUser by, WriteFlags flags)
    {
        lock (_gate)
        {
            var record = FindWorkItemLocked(id, projectScope);
            var before = record.Current.Rev;
            var result = Apply(record, isNew: false, operations, by, flags);
            if (record.Current.Rev != before)
            {
                Publish("workitem.updated", record, result.Revision);
                if (result.Comment is not null)
                {
                    Publish("workitem.commented", record, result.Revision);
                }
            }

            return result;
        }
    }

    internal WorkItemRecord DeleteWorkItem(int id, string? projectScope, bool destroy)
    {
        lock (_gate)
        {
            var record = _workItems.TryGetValue(id, out var found) && (projectScope is null || InProject(found, projectScope))
                ? found
                : throw EmulatorError.WorkItemNotFound(id);
            if (destroy)
            {
                _workItems.Remove(id);
                _comments.Remove(id);
            }
            else if (record.IsDeleted)
            {
                throw EmulatorError.WorkItemNotFound(id);
            }

            record.IsDeleted = true;
            _reportingFeed.Add(new ReportingEntry(_reportingFeed.Count + 1, record, record.Current, Deleted: true, NextChangeDate()));
            Publish("workitem.deleted", record, record.Current);
            return record;
        }
    }

    internal WorkItemRecord RestoreFromRecycleBin(int id)
    {
        lock (_gate)
        {
            var record = _workItems.TryGetValue(id, out var found) && found.IsDeleted ? found : throw EmulatorError.WorkItemNotFound(id);
            record.IsDeleted = false;
            return record;
        }
    }

    /// <summary>The work items of <paramref name="ids"/> in the recycle bin of a project, in the order asked; the others are left out.</summary>
    internal List<WorkItemRecord> FindDeletedWorkItems(IEnumerable<int> ids, string project)
    {
        lock (_gate)
        {
            return [.. ids.Distinct().Select(id => _workItems.GetValueOrDefault(id)).OfType<WorkItemRecord>().Where(w => w.IsDeleted && InProject(w, project))];
        }
    }

    /// <summary>
    /// Moves a work item to another project (area and iteration follow to the project's root) or changes its
    /// type (the state stays when the new type has it, else the new type's first state): a new revision, and
    /// <c>workitem.updated</c> fires, as in the web UI.
    /// </summary>
    internal WriteResult MoveOrRetype(int id, string? project, string? workItemType, EmulatedUser by)
    {
        lock (_gate)
        {
            var record = FindWorkItemLocked(id, projectScope: null);
            var (formerProject, formerType) = (record.Project, record.Type);
            var operations = new List<PatchOperation>();
            if (project is not null)
            {
                record.Project = FindProjectLocked(project);
                record.Type = ProcessOf(record.Project).FindType(workItemType ?? record.Type.Name)
                    ?? throw EmulatorError.WorkItemTypeNotFound(workItemType ?? record.Type.Name, record.Project.Name);
                operations.Add(new PatchOperation("replace", "/fields/System.AreaPath", JsonValue.Create(record.Project.Name), true));
                operations.Add(new PatchOperation("replace", "/fields/System.IterationPath", JsonValue.Create(record.Project.Name), true));
            }

            if (workItemType is not null)
            {
                record.Type = ProcessOf(record.Project).FindType(workItemType) ?? throw EmulatorError.WorkItemTypeNotFound(workItemType, record.Project.Name);
                var state = EmulatorJson.Text(record.Current.Fields.GetValueOrDefault(State)) ?? string.Empty;
                if (record.Type.FindState(state) is null)
                {
                    operations.Add(new PatchOperation("replace", "/fields/" + State, JsonValue.Create(record.Type.States[0].Name), true));
                }
            }

            WriteResult result;
            try
            {
                result = Apply(record, isNew: false, operations, by, WriteFlags.Structural);
            }
            catch
            {
                (record.Project, record.Type) = (formerProject, formerType); // refused: nothing changed
                throw;
            }

            Publish("workitem.updated", record, result.Revision);
            return result;
        }
    }

    /// <summary>The reporting feed's entries after <paramref name="afterSequence"/>, oldest first (items destroyed since are gone).</summary>
    internal List<ReportingEntry> ReadReportingFeed(long afterSequence, Func<ReportingEntry, bool> predicate, int take, out long lastExamined)
    {
        lock (_gate)
        {
            var result = new List<ReportingEntry>();
            lastExamined = Math.Min(afterSequence, _reportingFeed.Count);
            for (var i = (int)lastExamined; i < _reportingFeed.Count && result.Count < take; i++)
            {
                var entry = _reportingFeed[i];
                lastExamined = entry.Sequence;
                if (_workItems.ContainsKey(entry.Item.Id) && predicate(entry))
                {
                    result.Add(entry);
                }
            }

            return result;
        }
    }

    /// <summary>The work item, or the 404 Azure DevOps answers (also for one in the recycle bin).</summary>
    internal WorkItemRecord FindWorkItem(int id, string? projectScope)
    {
        lock (_gate)
        {
            return FindWorkItemLocked(id, projectScope);
        }
    }

    /// <summary>Live work items matching a predicate, in id order.</summary>
    internal List<WorkItemRecord> FindWorkItems(Func<WorkItemRecord, bool> predicate)
    {
        lock (_gate)
        {
            return [.. _workItems.Values.Where(w => !w.IsDeleted && predicate(w)).OrderBy(w => w.Id)];
        }
    }

    internal EmulatedUser? ResolveUser(string name)
    {
        lock (_gate)
        {
            return ResolveUserLocked(name);
        }
    }

    private WorkItemRecord FindWorkItemLocked(int id, string? projectScope) =>
        _workItems.TryGetValue(id, out var record) && !record.IsDeleted && (projectScope is null || InProject(record, projectScope))
            ? record
            : throw EmulatorError.WorkItemNotFound(id);

    private static bool InProject(WorkItemRecord record, string project) =>
        string.Equals(record.Project.Id, project, StringComparison.OrdinalIgnoreCase) || string.Equals(record.Project.Name, project, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Applies a patch atomically: every operation is checked and applied to a copy; the copy is
    /// validated against the type's rules; only then is a revision stored (none when nothing changed).
    /// </summary>
    private WriteResult Apply(WorkItemRecord record, bool isNew, IReadOnlyList<PatchOperation> operations, EmulatedUser by, WriteFlags flags)
    {
        var previous = isNew ? null : record.Current;
        var fields = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        if (previous is not null)
        {
            foreach (var (name, value) in previous.Fields)
            {
                if (!string.Equals(name, History, StringComparison.OrdinalIgnoreCase))
                {
                    fields[name] = value?.DeepClone();
                }
            }
        }

        var relations = previous is null ? new List<RelationRecord>() : [.. previous.Relations];
        JsonNode? history = null;
        var formats = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        foreach (var operation in operations)
        {
            ApplyOperation(record, previous, operation, fields, relations, formats, ref history);
        }

        if (isNew)
        {
            // The type's default values (State: its first state), then the project's root area and iteration.
            foreach (var rule in record.Type.Fields.Where(f => f.DefaultValue is not null))
            {
                fields.TryAdd(rule.ReferenceName, TypedValue(rule.ReferenceName, rule.DefaultValue!));
            }

            fields.TryAdd("System.Reason", JsonValue.Create("New"));
            fields.TryAdd("System.AreaPath", JsonValue.Create(record.Project.Name));
            fields.TryAdd("System.IterationPath", JsonValue.Create(record.Project.Name));
        }

        if (!flags.HasFlag(WriteFlags.BypassRules))
        {
            Validate(record, isNew, previous, fields);
        }

        var stateChanged = previous is not null
            && !string.Equals(EmulatorJson.Text(previous.Fields.GetValueOrDefault(State)), EmulatorJson.Text(fields.GetValueOrDefault(State)), StringComparison.Ordinal);
        if (stateChanged && !operations.Any(o => string.Equals(o.Path, "/fields/System.Reason", StringComparison.OrdinalIgnoreCase)))
        {
            fields["System.Reason"] = JsonValue.Create("Moved to state " + EmulatorJson.Text(fields[State]));
        }

        var added = relations.Where(r => previous is null || !previous.Relations.Contains(r)).ToList();
        var removed = previous is null ? [] : previous.Relations.Where(r => !relations.Contains(r)).ToList();
        var changes = Diff(previous?.Fields, fields);
        if (previous is not null && changes.Count == 0 && added.Count == 0 && removed.Count == 0 && history is null && !flags.HasFlag(WriteFlags.Structural))
        {
            // Nothing to change: Azure DevOps keeps the revision as it is.
            return new WriteResult(record, null, previous);
        }

        if (flags.HasFlag(WriteFlags.ValidateOnly))
        {
            var preview = new RevisionRecord(previous?.Rev ?? 0, fields, relations, changes, added, removed, _time.GetUtcNow(), by);
            return new WriteResult(record, null, preview);
        }

        var date = NextChangeDate();
        var rev = (previous?.Rev ?? 0) + 1;
        var stamp = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase)
        {
            ["System.Id"] = JsonValue.Create(record.Id),
            ["System.Rev"] = JsonValue.Create(rev),
            ["System.TeamProject"] = JsonValue.Create(record.Project.Name),
            ["System.WorkItemType"] = JsonValue.Create(record.Type.Name),
            ["System.ChangedDate"] = JsonValue.Create(EmulatorJson.Date(date)),
            ["System.ChangedBy"] = JsonValue.Create(by.UniqueName),
            ["System.AuthorizedDate"] = JsonValue.Create(EmulatorJson.Date(date)),
            ["System.AuthorizedAs"] = JsonValue.Create(by.UniqueName),
            ["System.Watermark"] = JsonValue.Create(++_watermark),
        };
        if (isNew)
        {
            stamp["System.CreatedDate"] = JsonValue.Create(EmulatorJson.Date(date));
            stamp["System.CreatedBy"] = JsonValue.Create(by.UniqueName);
            stamp["System.CommentCount"] = JsonValue.Create(0);
        }

        if (isNew || stateChanged)
        {
            stamp["Microsoft.VSTS.Common.StateChangeDate"] = JsonValue.Create(EmulatorJson.Date(date));
        }

        CommentRecord? comment = null;
        if (history is not null)
        {
            var (written, format) = ReadCommentValue(history);
            var text = StoredCommentText(written, format);
            comment = NewComment(record.Id, text, format, by, date);
            var count = (int)(fields.GetValueOrDefault("System.CommentCount")?.GetValue<int>() ?? 0);
            stamp["System.CommentCount"] = JsonValue.Create(count + 1);
            stamp[History] = JsonValue.Create(text);
        }

        foreach (var (name, value) in stamp)
        {
            fields[name] = value;
        }

        changes = Diff(previous?.Fields, fields);
        var commentVersion = comment is null ? null : new CommentVersionRecord(comment.Id, comment.Version);
        var revision = new RevisionRecord(rev, fields, relations, changes, added, removed, date, by, commentVersion);
        record.Revisions.Add(revision);
        _reportingFeed.Add(new ReportingEntry(_reportingFeed.Count + 1, record, revision, Deleted: false, date));
        foreach (var (field, format) in formats)
        {
            record.MultilineFormats[field] = format;
        }

        if (comment is not null)
        {
            StoreComment(comment);
        }

        return new WriteResult(record, comment, revision);
    }

    private void ApplyOperation(
        WorkItemRecord record,
        RevisionRecord? previous,
        PatchOperation operation,
        Dictionary<string, JsonNode?> fields,
        List<RelationRecord> relations,
        Dictionary<string, string> formats,
        ref JsonNode? history)
    {
        var op = operation.Op.ToLowerInvariant();
        var path = operation.Path;
        if (op is "copy" or "move")
        {
            throw EmulatorError.Unsupported($"the JSON-Patch operation '{op}'");
        }

        if (op is not ("add" or "replace" or "remove" or "test"))
        {
            throw InvalidPatch();
        }

        if ((op is "add" or "replace" or "test") && !operation.HasValue)
        {
            throw InvalidPatch();
        }

        if (string.Equals(path, "/rev", StringComparison.OrdinalIgnoreCase))
        {
            if (op != "test" || previous is null)
            {
                throw InvalidPatch();
            }

            if (!TryReadInt(operation.Value, out var expected))
            {
                throw InvalidPatch();
            }

            if (expected != previous.Rev)
            {
                throw EmulatorError.RevisionConflict();
            }

            return;
        }

        if (path.StartsWith("/fields/", StringComparison.OrdinalIgnoreCase))
        {
            var name = CanonicalField(path["/fields/".Length..], record.Type);
            if (op == "test")
            {
                if (!EmulatorJson.ValueEquals(fields.GetValueOrDefault(name), operation.Value))
                {
                    throw EmulatorError.RevisionConflict();
                }

                return;
            }

            if (string.Equals(name, History, StringComparison.OrdinalIgnoreCase))
            {
                // History takes new comments only; a remove is ignored as Azure DevOps ignores it.
                if (op != "remove" && operation.Value is not null && ReadCommentValue(operation.Value).Text.Length > 0)
                {
                    history = operation.Value.DeepClone();
                }

                return;
            }

            if (op == "remove" || operation.Value is null || (operation.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0))
            {
                fields.Remove(name);
                return;
            }

            CheckDataType(name, operation.Value);
            fields[name] = name switch
            {
                _ when string.Equals(name, AssignedTo, StringComparison.OrdinalIgnoreCase) => JsonValue.Create(ResolveIdentity(operation.Value).UniqueName),
                _ when string.Equals(name, Tags, StringComparison.OrdinalIgnoreCase) => JsonValue.Create(NormalizeTags(EmulatorJson.Text(operation.Value))),
                _ => operation.Value.DeepClone(),
            };
            return;
        }

        if (string.Equals(path, "/relations/-", StringComparison.Ordinal))
        {
            if (op != "add")
            {
                throw InvalidPatch();
            }

            var relation = ReadRelation(operation.Value);
            if (relations.Exists(r => r.SameLink(relation)))
            {
                throw EmulatorError.BadRequest($"Relation already exists on work item {record.Id}: {relation.Rel} {relation.Url}.");
            }

            relations.Add(relation);
            return;
        }

        if (path.StartsWith("/relations/", StringComparison.Ordinal))
        {
            ApplyRelationIndexOperation(op, path, operation.Value, relations);
            return;
        }

        if (path.StartsWith("/multilineFieldsFormat/", StringComparison.OrdinalIgnoreCase) && op is "add" or "replace")
        {
            var format = EmulatorJson.Text(operation.Value);
            if (!string.Equals(format, "markdown", StringComparison.OrdinalIgnoreCase) && !string.Equals(format, "html", StringComparison.OrdinalIgnoreCase))
            {
                throw InvalidPatch();
            }

            formats[CanonicalField(path["/multilineFieldsFormat/".Length..], record.Type)] = format!.ToLowerInvariant();
            return;
        }

        throw EmulatorError.Unsupported($"the JSON-Patch path '{path}'");
    }

    private static void ApplyRelationIndexOperation(string op, string path, JsonNode? value, List<RelationRecord> relations)
    {
        var rest = path["/relations/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var indexText = slash < 0 ? rest : rest[..slash];
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= relations.Count)
        {
            throw EmulatorError.BadRequest($"The relation index '{indexText}' does not exist on the work item.");
        }

        if (slash < 0)
        {
            switch (op)
            {
                case "remove":
                    relations.RemoveAt(index);
                    return;
                case "replace":
                    relations[index] = ReadRelation(value);
                    return;
                default:
                    throw InvalidPatch();
            }
        }

        if (string.Equals(rest[slash..], "/attributes/comment", StringComparison.OrdinalIgnoreCase) && op is "add" or "replace")
        {
            var attributes = (JsonObject)relations[index].Attributes.DeepClone();
            attributes["comment"] = value?.DeepClone();
            relations[index] = relations[index] with { Attributes = attributes };
            return;
        }

        throw EmulatorError.Unsupported($"the JSON-Patch path '{path}'");
    }

    private static RelationRecord ReadRelation(JsonNode? value)
    {
        if (value is not JsonObject obj || EmulatorJson.String(obj, "rel") is not { Length: > 0 } rel || EmulatorJson.String(obj, "url") is not { Length: > 0 } url)
        {
            throw InvalidPatch();
        }

        var attributes = obj["attributes"] is JsonObject a ? (JsonObject)a.DeepClone() : [];
        return new RelationRecord(rel, url, attributes);
    }

    /// <summary>
    /// The type's rules, in Azure DevOps' order of answers: a title too long, a state the type does not have, an
    /// unknown area or iteration (TF401347), then every required field left empty and every value outside a field's
    /// allowed values that this write set, together in one TF401320 answer.
    /// </summary>
    private void Validate(WorkItemRecord record, bool isNew, RevisionRecord? previous, Dictionary<string, JsonNode?> fields)
    {
        var title = EmulatorJson.Text(fields.GetValueOrDefault("System.Title"));
        if (title?.Length > 255)
        {
            throw RuleErrors.Create(new RuleFailure("System.Title", "Title", ["Required", "InvalidTooLong"]));
        }

        var state = EmulatorJson.Text(fields.GetValueOrDefault(State)) ?? string.Empty;
        if (state.Length > 0)
        {
            if (record.Type.FindState(state) is not { } known)
            {
                throw RuleErrors.Create(new RuleFailure(State, "State", ["Required", "HasValues", "LimitedToValues", "InvalidListValue"],
                    $"The field 'State' contains the value '{state}' that is not in the list of supported values"));
            }

            fields[State] = JsonValue.Create(known.Name);
        }

        foreach (var treeField in (string[])["System.AreaPath", "System.IterationPath"])
        {
            var path = EmulatorJson.Text(fields.GetValueOrDefault(treeField)) ?? string.Empty;
            if (!IsKnownTreePath(record.Project, treeField == "System.AreaPath", path))
            {
                throw EmulatorError.BadRequest($"TF401347: Invalid tree name given for work item {(isNew ? -1 : record.Id)}, field '{treeField}'.");
            }
        }

        var failures = new List<RuleFailure>();
        foreach (var rule in record.Type.Fields)
        {
            var name = ProcessTemplate.FindField(rule.ReferenceName)?.Name ?? rule.ReferenceName;
            var text = EmulatorJson.Text(fields.GetValueOrDefault(rule.ReferenceName));
            var listFlags = rule.Allowed.Count > 0 ? (string[])["HasValues", "LimitedToValues", "AllowsOldValue"] : [];
            string[] required = rule.AlwaysRequired ? ["Required"] : [];
            if (string.IsNullOrWhiteSpace(text) && fields.GetValueOrDefault(rule.ReferenceName) is not JsonObject)
            {
                if (rule.AlwaysRequired)
                {
                    failures.Add(new RuleFailure(rule.ReferenceName, name, [.. required, .. listFlags, "InvalidEmpty"]));
                }

                continue;
            }

            // AllowsOldValue: a value the item already had stays valid after the list changed.
            var changed = isNew || !EmulatorJson.ValueEquals(previous?.Fields.GetValueOrDefault(rule.ReferenceName), fields.GetValueOrDefault(rule.ReferenceName));
            if (changed && rule.Allowed.Count > 0 && rule.ReferenceName != State && !rule.Allowed.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add(new RuleFailure(rule.ReferenceName, name, [.. required, .. listFlags, "InvalidListValue"]));
            }
        }

        if (failures.Count > 0)
        {
            throw RuleErrors.Create(failures);
        }
    }

    /// <summary>A value of the field's data type: a number (or numeric text) for integer and double fields, a date for dateTime, and so on.</summary>
    private static void CheckDataType(string referenceName, JsonNode value)
    {
        if (ProcessTemplate.FindField(referenceName) is not { IsIdentity: false } definition || referenceName == History)
        {
            return;
        }

        var text = EmulatorJson.Text(value);
        var kind = value is JsonValue v ? v.GetValueKind() : JsonValueKind.Object;
        var fits = definition.Type switch
        {
            "integer" => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            "double" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "dateTime" => kind == JsonValueKind.String && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            "boolean" => bool.TryParse(text, out _),
            _ => text is not null,
        };
        if (!fits)
        {
            throw RuleErrors.InvalidType(definition.ReferenceName, definition.Name);
        }
    }

    /// <summary>A default value (text in the process definition) as the field's JSON type: a number for integer and double fields.</summary>
    internal static JsonValue TypedValue(string referenceName, string text) =>
        ProcessTemplate.FindField(referenceName)?.Type switch
        {
            "integer" => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
            "double" => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };

    private static EmulatorError InvalidPatch() =>
        EmulatorError.BadRequest("You must pass a valid patch document in the body of the request.");

    /// <summary>
    /// The field's reference name as the organization spells it. A field the organization does not have, or that the
    /// type does not have, is <c>TF51535</c>; a field the service maintains is refused.
    /// </summary>
    private static string CanonicalField(string name, WorkItemTypeDefinition type)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw InvalidPatch();
        }

        if (ProcessTemplate.FindField(name) is not { } definition || type.FindField(definition.ReferenceName) is null)
        {
            throw EmulatorError.BadRequest($"TF51535: Cannot find field {name}.");
        }

        return definition.ReadOnly
            ? throw EmulatorError.BadRequest($"The field {definition.ReferenceName} is read-only: Azure DevOps sets it.")
            : definition.ReferenceName;
    }

    private EmulatedUser ResolveIdentity(JsonNode value)
    {
        var name = value switch
        {
            JsonObject obj => EmulatorJson.String(obj, "uniqueName") ?? EmulatorJson.String(obj, "id") ?? EmulatorJson.String(obj, "displayName"),
            _ => EmulatorJson.Text(value),
        };
        return (name is null ? null : ResolveUserLocked(name))
            ?? throw RuleErrors.Create(new RuleFailure(AssignedTo, "Assigned To", ["InvalidIdentity"], $"The identity value '{name}' for field 'Assigned To' is an unknown identity."));
    }

    /// <summary>By email, principal name, id, <c>"Name &lt;email&gt;"</c>, or a display name only one user has.</summary>
    private EmulatedUser? ResolveUserLocked(string name)
    {
        var text = name.Trim();
        var open = text.LastIndexOf('<');
        if (open >= 0 && text.EndsWith('>'))
        {
            text = text[(open + 1)..^1].Trim();
        }

        var user = _users.Find(u => MatchesName(u, text) || string.Equals(u.Id, text, StringComparison.OrdinalIgnoreCase));
        if (user is not null)
        {
            return user;
        }

        var byDisplayName = _users.FindAll(u => string.Equals(u.DisplayName, text, StringComparison.OrdinalIgnoreCase));
        return byDisplayName.Count == 1 ? byDisplayName[0] : null;
    }

    private static string NormalizeTags(string? tags) =>
        string.Join("; ", (tags ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase));

    private static bool TryReadInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && (v.GetValueKind() == JsonValueKind.Number
            ? int.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value)
            : v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value));
    }

    /// <summary>A <c>System.History</c> value: plain text (HTML), or <c>{"format":"Markdown","text":"…"}</c>.</summary>
    private static (string Text, string Format) ReadCommentValue(JsonNode value) => value switch
    {
        JsonObject obj => (EmulatorJson.String(obj, "text") ?? string.Empty,
            string.Equals(EmulatorJson.String(obj, "format"), "markdown", StringComparison.OrdinalIgnoreCase) ? "markdown" : "html"),
        _ => (EmulatorJson.Text(value) ?? string.Empty, "html"),
    };

    private static Dictionary<string, FieldChange> Diff(IReadOnlyDictionary<string, JsonNode?>? before, Dictionary<string, JsonNode?> after)
    {
        var changes = new Dictionary<string, FieldChange>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in after)
        {
            JsonNode? old = null;
            var hadOld = before is not null && before.TryGetValue(name, out old);
            if (!hadOld || !EmulatorJson.ValueEquals(old, value))
            {
                changes[name] = new FieldChange(old?.DeepClone(), hadOld, value?.DeepClone(), true);
            }
        }

        if (before is not null)
        {
            foreach (var (name, value) in before)
            {
                if (!after.ContainsKey(name) && !string.Equals(name, History, StringComparison.OrdinalIgnoreCase))
                {
                    changes[name] = new FieldChange(value?.DeepClone(), true, null, false);
                }
            }
        }

        return changes;
    }
}
