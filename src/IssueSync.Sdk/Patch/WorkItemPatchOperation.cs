namespace IssueSync.Sdk.Patch;

/// <summary>One JSON-Patch operation of a <see cref="WorkItemPatch"/>.</summary>
/// <param name="Operation">The operation.</param>
/// <param name="Path">The JSON-Pointer path, e.g. <c>/fields/System.Title</c> or <c>/relations/-</c>.</param>
/// <param name="Value">The value; <see cref="PatchValueKind.None"/> for <c>remove</c>.</param>
internal readonly record struct WorkItemPatchOperation(WorkItemPatchOperationType Operation, string Path, PatchValue Value);
