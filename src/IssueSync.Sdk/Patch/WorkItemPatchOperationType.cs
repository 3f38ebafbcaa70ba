namespace IssueSync.Sdk.Patch;

/// <summary>The JSON-Patch operations Azure DevOps applies to work items.</summary>
internal enum WorkItemPatchOperationType
{
    /// <summary><c>add</c>: sets a field, or appends a relation at <c>/relations/-</c>.</summary>
    Add,

    /// <summary><c>remove</c>: clears a field (e.g. unassigns) or removes a relation by index.</summary>
    Remove,

    /// <summary><c>replace</c>: sets an existing field.</summary>
    Replace,

    /// <summary><c>test</c>: the whole patch fails unless the value matches (e.g. <c>/rev</c> for optimistic concurrency).</summary>
    Test,
}
