using System.Collections.ObjectModel;
using System.Text;

namespace IssueSync.Sdk.Client.Models;

/// <summary>What a subscription request and a subscription share, so both print the same way.</summary>
internal interface IServiceHookDefinition
{
    string? PublisherId { get; }

    string? EventType { get; }

    string? ResourceVersion { get; }

    string? ConsumerId { get; }

    string? ConsumerActionId { get; }

    IReadOnlyDictionary<string, string> PublisherInputs { get; }

    IReadOnlyDictionary<string, string> ConsumerInputs { get; }
}

/// <summary>
/// Shared handling of a subscription's publisher and consumer inputs: the empty default, and the
/// redacted description <c>ToString()</c> prints. Consumer inputs carry secrets (<c>httpHeaders</c>
/// with the shared secret, <c>basicAuthPassword</c>, a service bus connection string, …), so only
/// values of allow-listed keys are printed, and the <c>url</c> without its query or user info.
/// </summary>
internal static class ServiceHookInputs
{
    public const string Redacted = "***";

    public static readonly IReadOnlyDictionary<string, string> Empty = ReadOnlyDictionary<string, string>.Empty;

    // Consumer inputs whose values are never secret (webHooks consumer, consumers.md).
    private static readonly HashSet<string> PrintableConsumerInputs = new(StringComparer.OrdinalIgnoreCase)
    {
        "basicAuthUsername",
        "resourceDetailsToSend",
        "messagesToSend",
        "detailedMessagesToSend",
        "acceptUntrustedCerts",
    };

    /// <summary>
    /// <c>TypeName { lead PublisherId = …, …, ConsumerInputs = { … }trail }</c>, record style, with
    /// consumer inputs redacted.
    /// </summary>
    public static string Describe(string typeName, IServiceHookDefinition definition, string lead = "", string trail = "")
    {
        var builder = new StringBuilder(typeName).Append(" { ").Append(lead)
            .Append("PublisherId = ").Append(definition.PublisherId)
            .Append(", EventType = ").Append(definition.EventType)
            .Append(", ResourceVersion = ").Append(definition.ResourceVersion)
            .Append(", ConsumerId = ").Append(definition.ConsumerId)
            .Append(", ConsumerActionId = ").Append(definition.ConsumerActionId)
            .Append(", PublisherInputs = ");
        AppendInputs(builder, definition.PublisherInputs, static (_, value) => value);
        builder.Append(", ConsumerInputs = ");
        AppendInputs(builder, definition.ConsumerInputs, DescribeConsumerInput);
        return builder.Append(trail).Append(" }").ToString();
    }

    /// <summary>A consumer input's value as it may be printed.</summary>
    public static string? DescribeConsumerInput(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (string.Equals(key, "url", StringComparison.OrdinalIgnoreCase))
        {
            // A query (?code=… of a function app) or user info can hold a key: print neither.
            return Uri.TryCreate(value, UriKind.Absolute, out var uri)
                ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) + (uri.Query.Length > 0 ? "?" + Redacted : string.Empty)
                : Redacted;
        }

        return PrintableConsumerInputs.Contains(key) ? value : Redacted;
    }

    private static void AppendInputs(StringBuilder builder, IReadOnlyDictionary<string, string> inputs, Func<string, string?, string?> describe)
    {
        builder.Append("{ ");
        var first = true;
        foreach (var (key, value) in inputs)
        {
            builder.Append(first ? string.Empty : ", ").Append(key).Append(" = ").Append(describe(key, value));
            first = false;
        }

        builder.Append(first ? "}" : " }");
    }
}
