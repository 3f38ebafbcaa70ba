namespace IssueSync.Sdk.Inbound.Models;

/// <summary>
/// A webhook body is not an Azure DevOps service-hook payload: not JSON, not a JSON object, without
/// an <c>eventType</c>, or with a member of the wrong shape. The message says which and, for a wrong
/// member, where (its JSON path). A <see cref="FormatException"/>, so code that catches those catches
/// this.
/// </summary>
public sealed class VstsWebhookPayloadException : FormatException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public VstsWebhookPayloadException()
        : base("The body is not an Azure DevOps service-hook payload.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong with the payload.</param>
    public VstsWebhookPayloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the JSON failure behind it.</summary>
    /// <param name="message">What is wrong with the payload.</param>
    /// <param name="innerException">The <see cref="System.Text.Json.JsonException"/> that found it, if any.</param>
    public VstsWebhookPayloadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
