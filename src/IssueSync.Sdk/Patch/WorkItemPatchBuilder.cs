using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Patch;

/// <summary>
/// Builds a <see cref="WorkItemPatch"/> operation by operation. Field methods take reference
/// names (escaped for you); path methods take raw JSON-Pointer paths. Not thread-safe; the patch
/// it builds is immutable.
/// </summary>
public sealed class WorkItemPatchBuilder
{
    private readonly List<WorkItemPatchOperation> _operations = [];

    /// <summary>The number of operations so far.</summary>
    public int Count => _operations.Count;

    /// <summary><c>add</c> at a raw path.</summary>
    /// <param name="path">A JSON-Pointer path starting with <c>/</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder Add(string path, PatchValue value) => Append(WorkItemPatchOperationType.Add, path, RequireValue(value));

    /// <summary><c>replace</c> at a raw path.</summary>
    /// <param name="path">A JSON-Pointer path starting with <c>/</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder Replace(string path, PatchValue value) => Append(WorkItemPatchOperationType.Replace, path, RequireValue(value));

    /// <summary><c>remove</c> at a raw path.</summary>
    /// <param name="path">A JSON-Pointer path starting with <c>/</c>.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder Remove(string path) => Append(WorkItemPatchOperationType.Remove, path, default);

    /// <summary><c>test</c> at a raw path: the whole patch fails unless the value matches.</summary>
    /// <param name="path">A JSON-Pointer path starting with <c>/</c>.</param>
    /// <param name="value">The expected value.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder Test(string path, PatchValue value)
    {
        if (string.Equals(path, FieldMap.RevisionPath, StringComparison.Ordinal)
            && !(value.TryGetInt64(out var revision) && revision is > 0 and <= int.MaxValue))
        {
            // The revision guard decides whether a resend is safe; only a real revision may set it.
            throw new ArgumentException("A test on /rev needs a revision number from 1 to int.MaxValue.", nameof(value));
        }

        return Append(WorkItemPatchOperationType.Test, path, RequireValue(value));
    }

    /// <summary><c>add</c> on a field by reference name.</summary>
    /// <param name="referenceName">E.g. <c>System.Title</c> or <c>Custom.Severity</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder AddField(string referenceName, PatchValue value) => Add(FieldMap.ForField(referenceName), value);

    /// <summary><c>replace</c> on a field by reference name.</summary>
    /// <param name="referenceName">E.g. <c>System.State</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder ReplaceField(string referenceName, PatchValue value) => Replace(FieldMap.ForField(referenceName), value);

    /// <summary><c>remove</c> on a field by reference name (e.g. unassign with <c>System.AssignedTo</c>).</summary>
    /// <param name="referenceName">The field reference name.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder RemoveField(string referenceName) => Remove(FieldMap.ForField(referenceName));

    /// <summary><c>test</c> on a field by reference name.</summary>
    /// <param name="referenceName">The field reference name.</param>
    /// <param name="value">The expected value.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder TestField(string referenceName, PatchValue value) => Test(FieldMap.ForField(referenceName), value);

    /// <summary><c>test /rev</c>: apply the patch only if the item is still at <paramref name="revision"/>.</summary>
    /// <param name="revision">The revision read before deciding the change.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder TestRevision(int revision)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        return Test(FieldMap.RevisionPath, revision);
    }

    /// <summary><c>add /relations/-</c> with a relation object.</summary>
    /// <param name="relation">The relation.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder AddRelation(PatchRelation relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        return Add(FieldMap.AppendRelationPath, PatchValue.FromRelation(relation));
    }

    /// <summary><c>add /relations/-</c> with a <c>Hyperlink</c> relation.</summary>
    /// <param name="url">The link target.</param>
    /// <param name="comment">The link comment.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder AddHyperlink(string url, string? comment = null) =>
        AddRelation(new PatchRelation(WorkItemRelationType.Hyperlink, url, comment));

    /// <summary>
    /// <c>add /fields/System.History</c> (a discussion comment) when <paramref name="html"/> is
    /// non-empty; nothing otherwise (a comment is never removed).
    /// </summary>
    /// <param name="html">The comment, HTML.</param>
    /// <returns>This builder.</returns>
    public WorkItemPatchBuilder AddComment(string? html) =>
        string.IsNullOrEmpty(html) ? this : Add(FieldMap.GetPath(FieldMap.Comment), html);

    /// <summary>Freezes the operations into an immutable patch; the builder can go on.</summary>
    /// <returns>The patch.</returns>
    public WorkItemPatch Build() => _operations.Count == 0 ? WorkItemPatch.Empty : new WorkItemPatch([.. _operations]);

    internal WorkItemPatchBuilder Append(WorkItemPatchOperation operation)
    {
        _operations.Add(operation);
        return this;
    }

    private static PatchValue RequireValue(PatchValue value) =>
        value.Kind == PatchValueKind.None
            ? throw new ArgumentException("add, replace and test need a value; use PatchValue.Null for JSON null.", nameof(value))
            : value;

    private WorkItemPatchBuilder Append(WorkItemPatchOperationType type, string path, PatchValue value)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length < 2 || path[0] != '/')
        {
            throw new ArgumentException($"A JSON-Patch path starts with '/' and names a location, e.g. /fields/System.Title (got '{path}').", nameof(path));
        }

        _operations.Add(new WorkItemPatchOperation(type, path, value));
        return this;
    }
}
