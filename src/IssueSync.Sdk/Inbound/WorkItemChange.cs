using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound.Triage;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// Reads what a <c>workitem.updated</c> or <c>workitem.created</c> delivery changed of the fields the sync
/// follows (those the installation's settings switch on) from the verified body, before any store is called.
/// A field is listed when <c>resource.fields</c> names it; a listed assignee without a new value was cleared.
/// </summary>
internal static class WorkItemChangeReader
{
    /// <summary>Reads the change, or <see langword="null"/> when the event names no work item.</summary>
    public static WorkItemChange? Read(VerifiedDelivery delivery, VstsSyncSettings settings)
    {
        if (delivery.Item is not { } item)
        {
            return null;
        }

        var body = delivery.Body.Span;
        ref readonly var envelope = ref delivery.Envelope;
        var created = envelope.Kind == WebhookEventKind.WorkItemCreated;
        var listed = OwnFields.None;
        AssigneeChangeKind assignee = AssigneeChangeKind.None;
        string? email = null, uniqueName = null;
        if (settings.AssigneeInbound)
        {
            (assignee, email, uniqueName) = ReadAssignee(body, envelope.Fields.AssignedTo, created);
            if (assignee != AssigneeChangeKind.None)
            {
                listed |= OwnFields.AssignedTo;
            }
        }

        string? oldState = null, newState = null, project = null, projectName = null, workItemType = null;
        if (settings.StatusInbound)
        {
            (oldState, newState) = ReadState(body, envelope.Fields.State, created);
            if (newState is not null)
            {
                listed |= OwnFields.State;
                // The decision needs the item's own type; the changed fields rarely carry it, the revision does.
                projectName = envelope.RevisionFields.TeamProject.Current.GetString(body) ?? envelope.Fields.TeamProject.Current.GetString(body);
                if (envelope.ProjectId.GetString(body) is { Length: > 0 } projectId)
                {
                    project = projectId;
                }
                else
                {
                    (project, projectName) = (projectName, null);
                }
                workItemType = envelope.RevisionFields.WorkItemType.Current.GetString(body) ?? envelope.Fields.WorkItemType.Current.GetString(body);
            }
        }

        return new WorkItemChange
        {
            Item = item,
            Listed = listed,
            Assignee = assignee,
            AssigneeEmail = email,
            AssigneeUniqueName = uniqueName,
            OldState = oldState,
            NewState = newState,
            Project = project,
            ProjectName = projectName,
            WorkItemType = workItemType,
        };
    }

    /// <summary>
    /// A new value with an email assigns, a cleared value (absent, null or empty) deassigns, a value
    /// without an email is unparseable. A created item without an assignee changes nothing.
    /// </summary>
    private static (AssigneeChangeKind Change, string? Email, string? UniqueName) ReadAssignee(ReadOnlySpan<byte> body, in FieldValue field, bool created)
    {
        if (!field.IsPresent)
        {
            return (AssigneeChangeKind.None, null, null);
        }

        var value = field.Current;
        if (!value.HasValue || (value.Type == JsonTokenType.String && value.Length == 0))
        {
            return (created ? AssigneeChangeKind.None : AssigneeChangeKind.Deassign, null, null);
        }

        var identity = value.GetIdentity(body);
        var uniqueName = identity?.UniqueName is { Length: > 0 } unique ? unique : null;
        return identity?.Email is { Length: > 0 } email
            ? (AssigneeChangeKind.Assign, email, uniqueName)
            : (AssigneeChangeKind.Unparseable, null, uniqueName ?? identity?.DisplayName);
    }

    /// <summary>The state change: old (none for a first value or a created item) and new.</summary>
    private static (string? Old, string? New) ReadState(ReadOnlySpan<byte> body, in FieldValue field, bool created)
    {
        if (!field.IsPresent)
        {
            return (null, null);
        }

        var newState = field.Current.GetString(body);
        if (string.IsNullOrWhiteSpace(newState))
        {
            return (null, null);
        }

        return (created || !field.IsChange ? null : field.Old.GetString(body), newState);
    }
}
