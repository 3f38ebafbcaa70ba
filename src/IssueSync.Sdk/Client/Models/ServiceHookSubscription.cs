using System.Globalization;
using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// A service-hook subscription as Azure DevOps returns it. Read-only; build one in tests with
/// <see cref="VstsModelFactory.ServiceHookSubscription"/>. Azure DevOps echoes consumer inputs back
/// (secrets sometimes masked, sometimes not), so <see cref="ToString"/> prints them redacted.
/// </summary>
public sealed record ServiceHookSubscription : IServiceHookDefinition
{
    private string? _id;
    private IReadOnlyDictionary<string, string>? _publisherInputs;
    private IReadOnlyDictionary<string, string>? _consumerInputs;

    [JsonConstructor]
    internal ServiceHookSubscription()
    {
    }

    /// <summary>The subscription id (a GUID): what the installation stores to check and delete it later.</summary>
    [JsonInclude]
    public string Id
    {
        // The source generator sets a missing init-only property to null, past any initializer.
        get => _id ?? string.Empty;
        internal init => _id = value;
    }

    /// <summary>The status; <see cref="SubscriptionStatus.DisabledBySystem"/> means delete and create again.</summary>
    [JsonInclude]
    public SubscriptionStatus Status { get; internal init; }

    /// <summary>The publisher, e.g. <c>tfs</c>.</summary>
    [JsonInclude]
    public string? PublisherId { get; internal init; }

    /// <summary>The event, e.g. <c>workitem.updated</c>.</summary>
    [JsonInclude]
    public string? EventType { get; internal init; }

    /// <summary>The payload version, e.g. <c>1.0</c>.</summary>
    [JsonInclude]
    public string? ResourceVersion { get; internal init; }

    /// <summary>The consumer, e.g. <c>webHooks</c>.</summary>
    [JsonInclude]
    public string? ConsumerId { get; internal init; }

    /// <summary>The consumer action, e.g. <c>httpRequest</c>.</summary>
    [JsonInclude]
    public string? ConsumerActionId { get; internal init; }

    /// <summary>
    /// The publisher inputs as stored; Azure DevOps adds its own (<c>tfsSubscriptionId</c>,
    /// <c>hostId</c>), so ignore those when comparing with a request.
    /// </summary>
    [JsonInclude]
    public IReadOnlyDictionary<string, string> PublisherInputs
    {
        get => _publisherInputs ?? ServiceHookInputs.Empty;
        internal init => _publisherInputs = value;
    }

    /// <summary>The consumer inputs as echoed back (secret values may be masked or present: never log them).</summary>
    [JsonInclude]
    public IReadOnlyDictionary<string, string> ConsumerInputs
    {
        get => _consumerInputs ?? ServiceHookInputs.Empty;
        internal init => _consumerInputs = value;
    }

    /// <summary>When the subscription was created.</summary>
    [JsonInclude]
    public DateTimeOffset? CreatedDate { get; internal init; }

    /// <summary>When the subscription last changed (including status changes).</summary>
    [JsonInclude]
    public DateTimeOffset? ModifiedDate { get; internal init; }

    /// <summary>How many probation retries have run since the subscription went on probation.</summary>
    [JsonInclude]
    public int ProbationRetries { get; internal init; }

    /// <summary>The REST URL of the subscription.</summary>
    [JsonInclude]
    public string? Url { get; internal init; }

    /// <summary>Describes the subscription; consumer inputs that can hold secrets (<c>httpHeaders</c>, <c>basicAuthPassword</c>, …) print as <c>***</c>.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => ServiceHookInputs.Describe(
        nameof(ServiceHookSubscription),
        this,
        lead: $"Id = {Id}, Status = {Status.Value}, ",
        trail: string.Create(CultureInfo.InvariantCulture, $", ProbationRetries = {ProbationRetries}, Url = {Url}"));
}
