using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>
/// An answer the emulator gives instead of data, in Azure DevOps' error body shape
/// (<c>{"$id","innerException","message","typeName","typeKey","errorCode","eventId"}</c>). Thrown
/// by the organization and the endpoints; the request pipeline writes it.
/// </summary>
internal sealed class EmulatorError : Exception
{
    public EmulatorError(int statusCode, string message, string? typeKey = null, JsonObject? customProperties = null)
        : base(message)
    {
        StatusCode = statusCode;
        TypeKey = typeKey;
        CustomProperties = customProperties;
    }

    public EmulatorError()
        : this(500, "Emulator error.")
    {
    }

    public EmulatorError(string message)
        : this(500, message)
    {
    }

    public EmulatorError(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
    }

    public int StatusCode { get; }

    public string? TypeKey { get; }

    public JsonObject? CustomProperties { get; }

    /// <summary>Azure DevOps' <c>eventId</c>: 3200 for work item rule errors, 3000 otherwise.</summary>
    public int EventId { get; init; } = 3000;

    public JsonObject ToBody()
    {
        var body = new JsonObject
        {
            ["$id"] = "1",
            ["innerException"] = null,
            ["message"] = Message,
        };
        if (CustomProperties is not null)
        {
            body["customProperties"] = CustomProperties.DeepClone();
        }

        // Only type keys the emulator is sure of; Azure DevOps' typeName (a .NET type) is left out.
        if (TypeKey is not null)
        {
            body["typeKey"] = TypeKey;
        }

        body["errorCode"] = 0;
        body["eventId"] = EventId;
        return body;
    }

    // The errors several endpoints share, worded as Azure DevOps words them.
    public static EmulatorError BadRequest(string message, string? typeKey = null) => new(400, message, typeKey);

    public static EmulatorError WorkItemNotFound(int id) =>
        new(404, $"TF401232: Work item {id} does not exist, or you do not have permissions to read it.", "WorkItemUnauthorizedAccessException");

    public static EmulatorError ProjectNotFound(string project) =>
        new(404, $"TF200016: The following project does not exist: {project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.", "ProjectDoesNotExistWithNameException");

    public static EmulatorError WorkItemTypeNotFound(string type, string project) =>
        new(404, $"VS402323: Work item type {type} does not exist in project {project} or you do not have permission to access it.", "WorkItemTypeNotFoundException");

    public static EmulatorError RevisionConflict() =>
        new(412, "TF26071: This work item has been changed by someone else since you opened it. You will need to refresh it and discard your changes.");

    public static EmulatorError Unsupported(string what) =>
        new(400, $"The IssueSync Azure DevOps emulator does not support {what}.");
}
