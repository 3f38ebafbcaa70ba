using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A work item comment from the Comments REST API (not the legacy <c>System.History</c> field).
/// Read-only; build one in tests with <see cref="VstsModelFactory.WorkItemComment"/>.
/// </summary>
public sealed record WorkItemComment
{
    private string? _text;

    [JsonConstructor]
    internal WorkItemComment()
    {
    }

    /// <summary>The comment id, unique within its work item: what the SDK records to recognise its own comments.</summary>
    [JsonInclude]
    public int Id { get; internal init; }

    /// <summary>The work item number the comment belongs to.</summary>
    [JsonInclude]
    public int WorkItemId { get; internal init; }

    /// <summary>The comment's version: 1 when added, one more with each edit.</summary>
    [JsonInclude]
    public int Version { get; internal init; }

    /// <summary>The text as written, in <see cref="Format"/>; empty when the answer carried none.</summary>
    [JsonInclude]
    public string Text
    {
        // The source generator sets a missing init-only property to null, past any initializer.
        get => _text ?? string.Empty;
        internal init => _text = value;
    }

    /// <summary>The text rendered to HTML, when Azure DevOps returned it (<c>$expand=renderedText</c>).</summary>
    [JsonInclude]
    public string? RenderedText { get; internal init; }

    /// <summary>The text format; <see langword="null"/> when absent or a format this SDK does not know.</summary>
    [JsonInclude]
    [JsonConverter(typeof(CommentFormatJsonConverter))]
    public CommentFormat? Format { get; internal init; }

    /// <summary>Who added the comment.</summary>
    [JsonInclude]
    [JsonConverter(typeof(IdentityRefJsonConverter))]
    public VstsIdentity? CreatedBy { get; internal init; }

    /// <summary>When the comment was added.</summary>
    [JsonInclude]
    public DateTimeOffset CreatedDate { get; internal init; }

    /// <summary>Who last edited the comment.</summary>
    [JsonInclude]
    [JsonConverter(typeof(IdentityRefJsonConverter))]
    public VstsIdentity? ModifiedBy { get; internal init; }

    /// <summary>When the comment was last edited.</summary>
    [JsonInclude]
    public DateTimeOffset? ModifiedDate { get; internal init; }

    /// <summary>Whether the comment was deleted (only listed when deleted comments are asked for).</summary>
    [JsonInclude]
    public bool IsDeleted { get; internal init; }

    /// <summary>The REST URL of the comment.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }
}
