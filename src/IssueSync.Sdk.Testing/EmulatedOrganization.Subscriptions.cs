using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

/// <summary>Service-hook subscriptions, and the webhooks each work item change sends to them.</summary>
public sealed partial class EmulatedOrganization
{
    /// <summary>The events of the <c>tfs</c> publisher the emulator delivers.</summary>
    internal static readonly string[] SupportedEventTypes = ["workitem.created", "workitem.updated", "workitem.deleted", "workitem.commented"];

    internal SubscriptionRecord CreateSubscription(JsonObject body, EmulatedUser by)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var subscription = new SubscriptionRecord
            {
                Id = Guid.NewGuid().ToString("D"),
                Sequence = ++_lastSubscriptionSequence,
                PublisherId = string.Empty,
                EventType = string.Empty,
                ResourceVersion = string.Empty,
                ConsumerId = string.Empty,
                ConsumerActionId = string.Empty,
                PublisherInputs = [],
                ConsumerInputs = [],
                Status = "enabled",
                CreatedBy = by,
                CreatedDate = now,
                ModifiedBy = by,
                ModifiedDate = now,
            };
            ApplyDefinition(subscription, body);
            _subscriptions[subscription.Id] = subscription;
            return subscription;
        }
    }

    internal SubscriptionRecord ReplaceSubscription(string id, JsonObject body, EmulatedUser by)
    {
        lock (_gate)
        {
            var subscription = FindSubscriptionLocked(id);
            ApplyDefinition(subscription, body);
            if (EmulatorJson.String(body, "status") is { } status)
            {
                subscription.Status = NormalizeSubscriptionStatus(status) ?? throw EmulatorError.BadRequest($"'{status}' is not a subscription status.");
            }

            subscription.ModifiedBy = by;
            subscription.ModifiedDate = _time.GetUtcNow();
            return subscription;
        }
    }

    internal SubscriptionRecord FindSubscription(string id)
    {
        lock (_gate)
        {
            return FindSubscriptionLocked(id);
        }
    }

    internal void DeleteSubscription(string id)
    {
        lock (_gate)
        {
            FindSubscriptionLocked(id);
            _subscriptions.Remove(id);
        }
    }

    internal List<SubscriptionRecord> QuerySubscriptions(Func<SubscriptionRecord, bool> predicate)
    {
        lock (_gate)
        {
            return [.. _subscriptions.Values.Where(predicate).OrderBy(s => s.Sequence)];
        }
    }

    /// <summary>The subscription's status and status version now; <see langword="null"/> status when it was deleted.</summary>
    internal (string? Status, int Version) DeliveryState(string subscriptionId)
    {
        lock (_gate)
        {
            return _subscriptions.TryGetValue(subscriptionId, out var subscription) ? (subscription.Status, subscription.StatusVersion) : (null, -1);
        }
    }

    /// <summary>
    /// Applies Azure DevOps' delivery rules to what the receiver answered a first post, retry or
    /// probation retry made under status <paramref name="version"/>, and says what follows:
    /// <list type="bullet">
    /// <item>410 Gone disables the subscription at once, whatever its state; the event is abandoned.</item>
    /// <item>2xx delivers the event; a probation retry that succeeds enables the subscription again.</item>
    /// <item>A status that changed meanwhile (another event put the subscription on probation, a user disabled it) abandons the event.</item>
    /// <item>408, 502, 503 and 504 are retried while <paramref name="retriesLeft"/>.</item>
    /// <item>
    /// Any other failure, no answer, or a transient failure out of retries is enduring: an enabled
    /// subscription goes on probation and the event gets probation retries; a failed probation retry
    /// counts, and the last one allowed (<paramref name="probationRetryLimit"/>) disables the subscription.
    /// </item>
    /// </list>
    /// </summary>
    internal DeliveryVerdict RecordDeliveryOutcome(
        string subscriptionId, int version, bool probationRetry, int? statusCode, bool retriesLeft, int probationRetryLimit, DateTimeOffset attemptedAt)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscriptionId, out var subscription))
            {
                return new(statusCode is >= 200 and < 300 ? DeliveryStep.Delivered : DeliveryStep.Abandoned, -1, 0);
            }

            var now = _time.GetUtcNow();
            if (probationRetry && subscription.StatusVersion == version)
            {
                subscription.ProbationRetries++;
                subscription.LastProbationRetryDate = attemptedAt;
                subscription.ModifiedDate = now;
            }

            if (statusCode == 410)
            {
                subscription.Status = "disabledBySystem";
                subscription.ModifiedDate = now;
                return new(DeliveryStep.Abandoned, subscription.StatusVersion, subscription.ProbationRetries);
            }

            if (statusCode is >= 200 and < 300)
            {
                if (probationRetry && subscription.StatusVersion == version)
                {
                    subscription.Status = "enabled";
                    subscription.ModifiedDate = now;
                }

                return new(DeliveryStep.Delivered, subscription.StatusVersion, subscription.ProbationRetries);
            }

            if (subscription.StatusVersion != version)
            {
                return new(DeliveryStep.Abandoned, subscription.StatusVersion, subscription.ProbationRetries);
            }

            if (!probationRetry && (statusCode is 408 or 502 or 503 or 504) && retriesLeft)
            {
                return new(DeliveryStep.Retry, version, 0);
            }

            if (!probationRetry)
            {
                subscription.Status = "onProbation";
                subscription.ProbationRetries = 0;
                subscription.ModifiedDate = now;
                return new(DeliveryStep.ProbationRetry, subscription.StatusVersion, 0);
            }

            if (subscription.ProbationRetries >= probationRetryLimit)
            {
                subscription.Status = "disabledBySystem";
                subscription.ModifiedDate = now;
                return new(DeliveryStep.Abandoned, subscription.StatusVersion, subscription.ProbationRetries);
            }

            return new(DeliveryStep.ProbationRetry, version, subscription.ProbationRetries);
        }
    }

    private SubscriptionRecord FindSubscriptionLocked(string id) =>
        _subscriptions.GetValueOrDefault(id)
        ?? throw new EmulatorError(404, $"Subscription {id} could not be found.");

    private void ApplyDefinition(SubscriptionRecord subscription, JsonObject body)
    {
        var publisherId = EmulatorJson.String(body, "publisherId");
        var eventType = EmulatorJson.String(body, "eventType");
        var consumerId = EmulatorJson.String(body, "consumerId");
        var consumerActionId = EmulatorJson.String(body, "consumerActionId");
        if (!string.Equals(publisherId, "tfs", StringComparison.Ordinal))
        {
            throw EmulatorError.Unsupported($"the publisher '{publisherId}' (only 'tfs')");
        }

        if (eventType is null || !SupportedEventTypes.Contains(eventType, StringComparer.Ordinal))
        {
            throw EmulatorError.Unsupported($"the event type '{eventType}' (only {string.Join(", ", SupportedEventTypes)})");
        }

        if (!string.Equals(consumerId, "webHooks", StringComparison.Ordinal) || !string.Equals(consumerActionId, "httpRequest", StringComparison.Ordinal))
        {
            throw EmulatorError.Unsupported($"the consumer '{consumerId}/{consumerActionId}' (only webHooks/httpRequest)");
        }

        var publisherInputs = ReadInputs(body, "publisherInputs");
        var consumerInputs = ReadInputs(body, "consumerInputs");
        if (!consumerInputs.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var target)
            || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            throw EmulatorError.BadRequest("The consumer input 'url' must be an absolute http or https URL.");
        }

        if (publisherInputs.TryGetValue("projectId", out var projectId) && projectId.Length > 0)
        {
            publisherInputs["projectId"] = FindProjectLocked(projectId).Id;
        }

        publisherInputs["tfsSubscriptionId"] = subscription.PublisherInputs.GetValueOrDefault("tfsSubscriptionId") ?? Guid.NewGuid().ToString("D");
        subscription.PublisherId = publisherId!;
        subscription.EventType = eventType;
        subscription.ResourceVersion = EmulatorJson.String(body, "resourceVersion") ?? "1.0";
        subscription.ConsumerId = consumerId!;
        subscription.ConsumerActionId = consumerActionId!;
        subscription.PublisherInputs = publisherInputs;
        subscription.ConsumerInputs = consumerInputs;
    }

    private static Dictionary<string, string> ReadInputs(JsonObject body, string name)
    {
        var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (body[name] is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (EmulatorJson.Text(value) is { } text)
                {
                    inputs[key] = text;
                }
            }
        }

        return inputs;
    }

    /// <summary>Queues a webhook for each deliverable subscription of <paramref name="eventType"/> whose publisher inputs match.</summary>
    private void Publish(string eventType, WorkItemRecord record, RevisionRecord revision)
    {
        var sink = DeliverySink;
        if (sink is null)
        {
            return;
        }

        foreach (var subscription in _subscriptions.Values.OrderBy(s => s.Sequence))
        {
            if (!subscription.IsDeliverable || !string.Equals(subscription.EventType, eventType, StringComparison.Ordinal) || !Matches(subscription, record, revision))
            {
                continue;
            }

            var notificationId = ++subscription.LastNotificationId;
            var payload = WebhookPayloads.Build(this, subscription, notificationId, eventType, record, revision, _time.GetUtcNow());
            sink(new PendingDelivery(
                subscription.Id,
                notificationId,
                eventType,
                record.Id,
                revision.Rev,
                subscription.ConsumerInputs["url"],
                DeliveryHeaders(subscription.ConsumerInputs),
                payload.ToJsonString(new JsonSerializerOptions { WriteIndented = false })));
        }
    }

    private static bool Matches(SubscriptionRecord subscription, WorkItemRecord record, RevisionRecord revision)
    {
        var inputs = subscription.PublisherInputs;
        if (inputs.TryGetValue("projectId", out var projectId) && projectId.Length > 0
            && !string.Equals(projectId, record.Project.Id, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (inputs.TryGetValue("workItemType", out var type) && type.Length > 0
            && !string.Equals(type, record.Type.Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (inputs.TryGetValue("areaPath", out var area) && area.Length > 0)
        {
            var itemArea = EmulatorJson.Text(revision.Fields.GetValueOrDefault("System.AreaPath")) ?? string.Empty;
            if (!string.Equals(itemArea, area, StringComparison.OrdinalIgnoreCase) && !itemArea.StartsWith(area + "\\", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        if (subscription.EventType == "workitem.updated" && inputs.TryGetValue("changedFields", out var changed) && changed.Length > 0)
        {
            var wanted = changed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!wanted.Any(revision.Changes.ContainsKey))
            {
                return false;
            }
        }

        if (subscription.EventType == "workitem.commented" && inputs.TryGetValue("commentPattern", out var pattern) && pattern.Length > 0)
        {
            var comment = EmulatorJson.Text(revision.Fields.GetValueOrDefault(History)) ?? string.Empty;
            if (!comment.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>httpHeaders</c> input ("Key:value" per line) and basic authentication, as the webHooks consumer sends them.</summary>
    private static List<KeyValuePair<string, string>> DeliveryHeaders(Dictionary<string, string> consumerInputs)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (consumerInputs.TryGetValue("httpHeaders", out var lines))
        {
            foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
            }
        }

        if (consumerInputs.TryGetValue("basicAuthUsername", out var user) | consumerInputs.TryGetValue("basicAuthPassword", out var password))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
            headers.Add(new("Authorization", "Basic " + token));
        }

        return headers;
    }
}
