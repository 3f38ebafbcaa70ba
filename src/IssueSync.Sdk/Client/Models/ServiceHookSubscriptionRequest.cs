namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// The body that creates (<see cref="ISubscriptionsClient.CreateAsync"/>) or replaces
/// (<see cref="ISubscriptionsClient.ReplaceAsync"/>) a service-hook subscription. The defaults make a
/// web hook on a Boards event: publisher <c>tfs</c>, resource version <c>1.0</c>, consumer
/// <c>webHooks</c>/<c>httpRequest</c>. It is sent as
/// <c>{"publisherId","eventType","resourceVersion","consumerId","consumerActionId","publisherInputs","consumerInputs"}</c>,
/// inputs in the dictionaries' own order. <see cref="ToString"/> never prints secrets.
/// </summary>
public sealed record ServiceHookSubscriptionRequest : IServiceHookDefinition
{
    private readonly IReadOnlyDictionary<string, string>? _publisherInputs;
    private readonly IReadOnlyDictionary<string, string>? _consumerInputs;

    /// <summary>The publisher: <c>tfs</c> (the default) for work item, build and code events.</summary>
    public string PublisherId { get; init; } = "tfs";

    /// <summary>The event, e.g. <c>workitem.updated</c>, <c>workitem.created</c>, <c>workitem.commented</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>The payload version: <c>1.0</c> (the default; identities arrive as <c>"Name &lt;email&gt;"</c> strings).</summary>
    public string ResourceVersion { get; init; } = "1.0";

    /// <summary>The consumer: <c>webHooks</c> (the default).</summary>
    public string ConsumerId { get; init; } = "webHooks";

    /// <summary>The consumer action: <c>httpRequest</c> (the default).</summary>
    public string ConsumerActionId { get; init; } = "httpRequest";

    /// <summary>
    /// Event filters: <c>projectId</c> (none: every project of the organization), <c>areaPath</c>,
    /// <c>workItemType</c>, <c>changedFields</c>. Empty by default, sent as <c>{}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> PublisherInputs
    {
        get => _publisherInputs ?? ServiceHookInputs.Empty;
        init => _publisherInputs = value;
    }

    /// <summary>
    /// The consumer's settings; for <c>webHooks</c>: <c>url</c> (required, https),
    /// <c>httpHeaders</c> (<c>Name:value</c> lines, e.g. <c>Shared-Secret:…</c>),
    /// <c>basicAuthUsername</c>/<c>basicAuthPassword</c>, <c>resourceDetailsToSend</c> (<c>all</c>,
    /// <c>minimal</c>, <c>none</c>), <c>messagesToSend</c>, <c>detailedMessagesToSend</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> ConsumerInputs
    {
        get => _consumerInputs ?? ServiceHookInputs.Empty;
        init => _consumerInputs = value;
    }

    /// <summary>Describes the request; consumer inputs that can hold secrets (<c>httpHeaders</c>, <c>basicAuthPassword</c>, …) print as <c>***</c>.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => ServiceHookInputs.Describe(nameof(ServiceHookSubscriptionRequest), this);

    internal void Validate()
    {
        const string Hint = "; the defaults make a web hook (tfs, 1.0, webHooks, httpRequest).";
        ArgumentException.ThrowIfNullOrWhiteSpace(EventType, nameof(EventType));
        if (string.IsNullOrWhiteSpace(PublisherId) || string.IsNullOrWhiteSpace(ResourceVersion)
            || string.IsNullOrWhiteSpace(ConsumerId) || string.IsNullOrWhiteSpace(ConsumerActionId))
        {
            throw new ArgumentException(
                $"{nameof(PublisherId)}, {nameof(ResourceVersion)}, {nameof(ConsumerId)} and {nameof(ConsumerActionId)} must not be empty" + Hint,
                "request");
        }
    }
}
