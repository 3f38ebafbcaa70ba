using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>The author or committer of a commit: name, email and when.</summary>
public sealed record GitUserDate
{
    [JsonConstructor]
    internal GitUserDate()
    {
    }

    /// <summary>The name as Git recorded it.</summary>
    [JsonInclude]
    public string? Name { get; internal init; }

    /// <summary>The email as Git recorded it.</summary>
    [JsonInclude]
    public string? Email { get; internal init; }

    /// <summary>The author or commit date.</summary>
    [JsonInclude]
    public DateTimeOffset? Date { get; internal init; }
}
