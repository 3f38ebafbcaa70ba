using System.Text.Json;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Client;

/// <summary>
/// Decides whether a work item already holds what a patch writes, for the re-read after a retried
/// guarded update answered 412. Conservative: anything it cannot verify (relations, removes,
/// values the server reshapes) counts as not applied, so a real conflict is never hidden.
/// </summary>
internal static class WorkItemPatchComparer
{
    private const string FieldsPrefix = "/fields/";

    public static bool HoldsWrittenValues(WorkItemPatch patch, WorkItem item)
    {
        var checkedAny = false;
        foreach (var operation in patch.Operations)
        {
            switch (operation.Operation)
            {
                case WorkItemPatchOperationType.Test:
                    continue;
                case WorkItemPatchOperationType.Add or WorkItemPatchOperationType.Replace
                    when operation.Path.StartsWith(FieldsPrefix, StringComparison.Ordinal):
                    var field = operation.Path[FieldsPrefix.Length..];
                    if (!item.Fields.TryGetValue(field, out var actual) || !Matches(operation.Value, actual))
                    {
                        return false;
                    }

                    checkedAny = true;
                    continue;
                default:
                    return false;
            }
        }

        return checkedAny;
    }

    private static bool Matches(PatchValue written, JsonElement actual)
    {
        if (written.TryGetString(out var text))
        {
            return actual.ValueKind switch
            {
                JsonValueKind.String => string.Equals(actual.GetString(), text, StringComparison.Ordinal),
                // An identity field written as "user@example.com" reads back as an identity object.
                JsonValueKind.Object => IdentityIs(actual, text),
                _ => false,
            };
        }

        if (written.TryGetBoolean(out var flag))
        {
            return actual.ValueKind == (flag ? JsonValueKind.True : JsonValueKind.False);
        }

        if (written.TryGetDouble(out var number))
        {
            return actual.ValueKind == JsonValueKind.Number && actual.GetDouble().Equals(number);
        }

        if (written.TryGetJson(out var json))
        {
            return JsonElement.DeepEquals(json, actual);
        }

        return false;
    }

    private static bool IdentityIs(JsonElement identity, string written) =>
        (identity.TryGetProperty("uniqueName", out var unique) && unique.ValueKind == JsonValueKind.String
            && string.Equals(unique.GetString(), written, StringComparison.OrdinalIgnoreCase))
        || (identity.TryGetProperty("displayName", out var display) && display.ValueKind == JsonValueKind.String
            && string.Equals(display.GetString(), written, StringComparison.Ordinal));
}
