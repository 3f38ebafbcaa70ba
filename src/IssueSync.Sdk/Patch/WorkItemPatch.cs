using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;

namespace IssueSync.Sdk.Patch;

/// <summary>
/// An immutable JSON-Patch document for a work item create (POST) or update (PATCH), written
/// straight to UTF-8 with <see cref="Utf8JsonWriter"/>. Build one with
/// <see cref="ForCreate"/>, <see cref="ForUpdate"/> or <see cref="CreateBuilder"/>.
/// </summary>
public sealed class WorkItemPatch
{
    /// <summary>The media type Azure DevOps requires for a patch body.</summary>
    public const string MediaType = "application/json-patch+json";

    // Reused per thread so writing a patch allocates nothing beyond the output buffer.
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly WorkItemPatchOperation[] _operations;

    internal WorkItemPatch(WorkItemPatchOperation[] operations)
    {
        _operations = operations;
        Operations = new ReadOnlyCollection<WorkItemPatchOperation>(operations);
        foreach (var operation in operations)
        {
            if (operation.Operation == WorkItemPatchOperationType.Test
                && string.Equals(operation.Path, FieldMap.RevisionPath, StringComparison.Ordinal)
                && operation.Value.TryGetInt64(out var revision))
            {
                TestedRevision = checked((int)revision);
            }
        }
    }

    /// <summary>The empty patch, written as <c>[]</c>.</summary>
    public static WorkItemPatch Empty { get; } = new([]);

    /// <summary>The operations in order, read-only (for the 412 re-read comparison and tests; hosts read the patch as JSON).</summary>
    internal IReadOnlyList<WorkItemPatchOperation> Operations { get; }

    /// <summary>The number of operations.</summary>
    public int Count => _operations.Length;

    /// <summary><see langword="true"/> when the patch has no operation.</summary>
    public bool IsEmpty => _operations.Length == 0;

    /// <summary>
    /// The revision a <c>test /rev</c> operation guards the patch with, if any. A guarded patch is
    /// safe to resend: a second application fails the test instead of writing twice.
    /// </summary>
    public int? TestedRevision { get; }

    /// <summary>Starts an empty builder.</summary>
    /// <returns>A new builder.</returns>
    public static WorkItemPatchBuilder CreateBuilder() => new();

    /// <summary>
    /// The patch that creates a work item: <c>add</c> operations, in the order title, description,
    /// comment (<c>System.History</c>), area path, iteration path, tags, priority, assignee, other
    /// fields, relations; each only when its value is non-empty.
    /// </summary>
    /// <param name="fields">The new item's fields.</param>
    /// <returns>The patch.</returns>
    public static WorkItemPatch ForCreate(WorkItemCreateFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var builder = new WorkItemPatchBuilder();
        AddIfPresent(builder, WorkItemFields.Title, fields.Title);
        AddIfPresent(builder, WorkItemFields.Description, fields.Description);
        AddIfPresent(builder, WorkItemFields.History, fields.Comment);
        AddIfPresent(builder, WorkItemFields.AreaPath, fields.AreaPath);
        AddIfPresent(builder, WorkItemFields.IterationPath, fields.IterationPath);
        AddIfPresent(builder, WorkItemFields.Tags, JoinTags(fields.Tags));
        if (fields.Priority is { } priority)
        {
            builder.AddField(WorkItemFields.Priority, priority);
        }

        AddIfPresent(builder, WorkItemFields.AssignedTo, fields.AssignedTo);
        if (fields.Fields is not null)
        {
            foreach (var (referenceName, value) in fields.Fields)
            {
                if (!value.IsNullOrEmpty)
                {
                    builder.AddField(referenceName, value);
                }
            }
        }

        if (fields.Relations is not null)
        {
            foreach (var relation in fields.Relations)
            {
                builder.AddRelation(relation);
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// The patch that updates a work item. Order: <c>test /rev</c> (when an expected revision is
    /// given), title, description, link, assignee, state, other fields, other removed fields, then
    /// the comment. A <see langword="null"/> property produces nothing, a value produces
    /// <c>replace</c>, a field named in <see cref="WorkItemUpdateFields.RemoveFields"/> produces
    /// <c>remove</c>; a comment is an <c>add</c> on <c>System.History</c> only when non-empty. An
    /// update that changes nothing is the empty patch <c>[]</c>.
    /// </summary>
    /// <param name="fields">What changes.</param>
    /// <returns>The patch.</returns>
    /// <exception cref="ArgumentException">
    /// A field is both given a value (or named in <see cref="WorkItemUpdateFields.Fields"/>) and named in
    /// <see cref="WorkItemUpdateFields.RemoveFields"/>, or a removed name is blank.
    /// </exception>
    public static WorkItemPatch ForUpdate(WorkItemUpdateFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var removals = RemovalSet(fields);
        var builder = new WorkItemPatchBuilder();
        if (fields.ExpectedRevision is { } revision)
        {
            builder.TestRevision(revision);
        }

        ApplySettable(builder, FieldMap.GetPath(FieldMap.Title), Resolve(fields.Title, WorkItemFields.Title, removals));
        ApplySettable(builder, FieldMap.GetPath(FieldMap.Description), Resolve(fields.Description, WorkItemFields.Description, removals));
        if (fields.Link is not null)
        {
            builder.AddRelation(fields.Link);
        }

        ApplySettable(builder, FieldMap.GetPath(FieldMap.AssignedTo), Resolve(fields.AssignedTo, WorkItemFields.AssignedTo, removals));
        ApplySettable(builder, FieldMap.GetPath(FieldMap.State), Resolve(fields.State, WorkItemFields.State, removals));
        if (fields.Fields is not null)
        {
            foreach (var (referenceName, value) in fields.Fields)
            {
                if (value.Kind is PatchValueKind.None or PatchValueKind.Null)
                {
                    builder.RemoveField(referenceName);
                }
                else
                {
                    builder.ReplaceField(referenceName, value);
                }
            }
        }

        if (removals is not null)
        {
            var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var referenceName in fields.RemoveFields!)
            {
                if (!IsUpdateSlot(referenceName) && written.Add(referenceName))
                {
                    builder.RemoveField(referenceName);
                }
            }
        }

        builder.AddComment(fields.Comment);
        return builder.Build();
    }

    /// <summary>
    /// A copy of this patch guarded by <c>test /rev</c> with <paramref name="revision"/>, placed
    /// first (an existing revision test is replaced).
    /// </summary>
    /// <param name="revision">The revision the item must still be at.</param>
    /// <returns>The guarded patch.</returns>
    public WorkItemPatch WithRevisionTest(int revision)
    {
        var builder = new WorkItemPatchBuilder().TestRevision(revision);
        foreach (var operation in _operations)
        {
            if (!(operation.Operation == WorkItemPatchOperationType.Test
                  && string.Equals(operation.Path, FieldMap.RevisionPath, StringComparison.Ordinal)))
            {
                builder.Append(operation);
            }
        }

        return builder.Build();
    }

    /// <summary>Writes the JSON array to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (ref readonly var operation in _operations.AsSpan())
        {
            writer.WriteStartObject();
            writer.WriteString(PatchJson.Op, PatchJson.OperationName(operation.Operation));
            writer.WriteString(PatchJson.Path, operation.Path);
            if (operation.Value.Kind != PatchValueKind.None)
            {
                writer.WritePropertyName(PatchJson.Value);
                operation.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the UTF-8 JSON array to <paramref name="output"/>; allocates nothing else.</summary>
    /// <param name="output">The destination buffer.</param>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, PatchJson.WriterOptions);
            t_writer = writer;
        }
        else
        {
            writer.Reset(output);
        }

        try
        {
            WriteTo(writer);
            writer.Flush();
        }
        finally
        {
            // Drop the reference to the caller's buffer.
            writer.Reset(NullBufferWriter.Instance);
        }
    }

    /// <summary>The UTF-8 JSON body.</summary>
    /// <returns>A new array holding exactly the body.</returns>
    public byte[] ToUtf8Bytes()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        WriteTo(buffer);
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 256 * 1024)
        {
            t_buffer = null; // do not pin a large buffer to the thread
        }

        return bytes;
    }

    /// <summary>The patch as compact JSON text.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => Encoding.UTF8.GetString(ToUtf8Bytes());

    private static void AddIfPresent(WorkItemPatchBuilder builder, string referenceName, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            builder.AddField(referenceName, value);
        }
    }

    /// <summary>
    /// The names in <see cref="WorkItemUpdateFields.RemoveFields"/>, ignoring case; <see langword="null"/>
    /// when there are none. Refuses a blank name and a field that is also given a value.
    /// </summary>
    private static HashSet<string>? RemovalSet(WorkItemUpdateFields fields)
    {
        if (fields.RemoveFields is not { Count: > 0 } names)
        {
            return null;
        }

        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException(
                    $"{nameof(WorkItemUpdateFields.RemoveFields)} holds a blank name; list field reference names such as {WorkItemFields.AssignedTo}.",
                    nameof(fields));
            }

            set.Add(name);
        }

        RefuseIfSet(fields.Title, WorkItemFields.Title, nameof(WorkItemUpdateFields.Title));
        RefuseIfSet(fields.Description, WorkItemFields.Description, nameof(WorkItemUpdateFields.Description));
        RefuseIfSet(fields.AssignedTo, WorkItemFields.AssignedTo, nameof(WorkItemUpdateFields.AssignedTo));
        RefuseIfSet(fields.State, WorkItemFields.State, nameof(WorkItemUpdateFields.State));
        foreach (var referenceName in fields.Fields?.Keys ?? [])
        {
            RefuseIfSet(referenceName, referenceName, nameof(WorkItemUpdateFields.Fields));
        }

        return set;

        void RefuseIfSet(string? value, string referenceName, string setThrough)
        {
            if (value is not null && set.Contains(referenceName))
            {
                throw new ArgumentException(
                    $"{referenceName} is both set (through {setThrough}) and listed in {nameof(WorkItemUpdateFields.RemoveFields)}; a field is either written or removed.",
                    nameof(fields));
            }
        }
    }

    /// <summary>A well-known field's three states: unchanged, removed (named in RemoveFields) or replaced.</summary>
    private static Settable<string?> Resolve(string? value, string referenceName, HashSet<string>? removals)
    {
        if (removals?.Contains(referenceName) == true)
        {
            return new Settable<string?>(null); // RemovalSet refused a value for a removed field
        }

        return value is null ? Settable<string?>.Unset : new Settable<string?>(value);
    }

    /// <summary>Whether the field has its own place in an update (written by <see cref="Resolve"/>, not after the other fields).</summary>
    private static bool IsUpdateSlot(string referenceName) =>
        string.Equals(referenceName, WorkItemFields.Title, StringComparison.OrdinalIgnoreCase)
        || string.Equals(referenceName, WorkItemFields.Description, StringComparison.OrdinalIgnoreCase)
        || string.Equals(referenceName, WorkItemFields.AssignedTo, StringComparison.OrdinalIgnoreCase)
        || string.Equals(referenceName, WorkItemFields.State, StringComparison.OrdinalIgnoreCase);

    private static void ApplySettable(WorkItemPatchBuilder builder, string path, Settable<string?> value)
    {
        if (!value.IsSet)
        {
            return;
        }

        if (value.Value is null)
        {
            builder.Remove(path);
        }
        else
        {
            builder.Replace(path, value.Value);
        }
    }

    private static string? JoinTags(IReadOnlyList<string>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var kept = new List<string>(tags.Count);
        foreach (var tag in tags)
        {
            var trimmed = tag?.Trim();
            if (!string.IsNullOrEmpty(trimmed) && seen.Add(trimmed))
            {
                kept.Add(trimmed);
            }
        }

        return kept.Count == 0 ? null : string.Join("; ", kept);
    }

    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Memory<byte>.Empty;

        public Span<byte> GetSpan(int sizeHint = 0) => Span<byte>.Empty;
    }
}
