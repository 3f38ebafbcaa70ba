using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

// Webhook deliveries: the outbox, holds, the posting of each delivery, and Azure DevOps' retry,
// probation and disable rules (the rules themselves: EmulatedOrganization.RecordDeliveryOutcome).
public sealed partial class VstsEmulator
{
    private readonly Channel<ScheduledPost> _duePosts = Channel.CreateUnbounded<ScheduledPost>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<LostWebhookEvent> _lostEvents = [];
    private readonly Dictionary<(string SubscriptionId, int NotificationId), SentEvent> _sentEvents = [];
    private long _lastEventSequence;

    /// <summary>
    /// Holds webhook deliveries until the returned scope is disposed (scopes nest: deliveries resume when
    /// the last one is disposed). Azure DevOps delivers a while after a change, from a background job;
    /// the emulator delivers at once. Hold to let the code that made a change finish what it does after
    /// the change's REST answer before the webhooks arrive, or to let several changes queue up (which
    /// <see cref="WebhookDisorder.ReorderWindow"/> may then reorder). Changes made meanwhile are still
    /// queued, in order, and retries that come due wait too; a delivery already being posted is not held
    /// back, nor is <see cref="RedeliverAsync"/>.
    /// </summary>
    /// <returns>The scope; dispose it to resume deliveries.</returns>
    public IDisposable HoldDeliveries()
    {
        lock (_gate)
        {
            if (_holds++ == 0)
            {
                _deliveriesReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new DeliveryHold(this);
    }

    /// <summary>
    /// Every event a subscription was due to get and will never get, in the order they were lost: those
    /// dropped while it was on probation, and those whose posts all failed with none left to make.
    /// </summary>
    public IReadOnlyList<LostWebhookEvent> LostEvents
    {
        get
        {
            lock (_gate)
            {
                return [.. _lostEvents];
            }
        }
    }

    /// <summary>Waits until a delivery matching <paramref name="predicate"/> has completed.</summary>
    /// <param name="predicate">Which delivery to wait for.</param>
    /// <param name="cancellationToken">Ends the wait (use a timeout).</param>
    /// <returns>The first matching delivery.</returns>
    public Task<WebhookDelivery> WaitForDeliveryAsync(Func<WebhookDelivery, bool> predicate, CancellationToken cancellationToken = default) =>
        WaitForRecordAsync(_deliveries, predicate, cancellationToken);

    /// <summary>Waits until an event matching <paramref name="predicate"/> has been lost (see <see cref="LostEvents"/>).</summary>
    /// <param name="predicate">Which lost event to wait for.</param>
    /// <param name="cancellationToken">Ends the wait (use a timeout).</param>
    /// <returns>The first matching lost event.</returns>
    public Task<LostWebhookEvent> WaitForLostEventAsync(Func<LostWebhookEvent, bool> predicate, CancellationToken cancellationToken = default) =>
        WaitForRecordAsync(_lostEvents, predicate, cancellationToken);

    /// <summary>
    /// Posts a past delivery's event again, now (on a fake clock, advance it first to redeliver hours
    /// later): the same URL, headers and payload (same <c>notificationId</c> and event <c>id</c>) as
    /// its first post, as a late redelivery by Azure DevOps would arrive. Recorded as a
    /// <see cref="WebhookDeliveryKind.Redelivery"/>; whatever the answer, the subscription's status does
    /// not change and nothing is retried. Not held by <see cref="HoldDeliveries"/>.
    /// </summary>
    /// <param name="delivery">Any recorded post of the event (from <see cref="Deliveries"/>).</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>The redelivery, with the receiver's answer.</returns>
    public async Task<WebhookDelivery> RedeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        SentEvent? sent;
        lock (_gate)
        {
            sent = _sentEvents.GetValueOrDefault((delivery.SubscriptionId, delivery.NotificationId));
        }

        if (sent is null)
        {
            throw new ArgumentException(
                $"Notification {delivery.NotificationId} of subscription {delivery.SubscriptionId} was never posted by this emulator.", nameof(delivery));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, cancellationToken);
        return await PostAndApplyRulesAsync(new ScheduledPost(sent.Pending, WebhookDeliveryKind.Redelivery, Version: -1, RetryNumber: 0), linked.Token).ConfigureAwait(false);
    }

    private async Task<T> WaitForRecordAsync<T>(List<T> records, Func<T, bool> predicate, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (true)
        {
            Task added;
            lock (_gate)
            {
                if (records.Find(d => predicate(d)) is { } found)
                {
                    return found;
                }

                added = _deliveryAdded.Task;
            }

            await added.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void AddRecord<T>(List<T> records, T record)
    {
        TaskCompletionSource added;
        lock (_gate)
        {
            records.Add(record);
            added = _deliveryAdded;
            _deliveryAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }

    private void RecordLost(PendingDelivery pending, WebhookEventLossReason reason) =>
        AddRecord(_lostEvents, new LostWebhookEvent(
            pending.SubscriptionId, pending.NotificationId, pending.EventType, pending.WorkItemId, pending.Revision, reason, _options.TimeProvider.GetUtcNow()));

    private Task DeliverAsync() => Task.WhenAll(DeliverEventsAsync(), DeliverDuePostsAsync());

    /// <summary>
    /// Posts new events one at a time, in the order of the changes; with <see cref="VstsEmulatorOptions.DeliveryDisorder"/>,
    /// the events waiting together are arranged (duplicated, reordered) first.
    /// </summary>
    private async Task DeliverEventsAsync()
    {
        try
        {
            await foreach (var first in _outbox.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                await WhenReleasedAsync().ConfigureAwait(false);
                var disorder = _options.DeliveryDisorder;
                var batch = new List<(long Sequence, PendingDelivery Pending)> { (++_lastEventSequence, first) };
                while (disorder is { ReorderWindow: > 0 } && _outbox.Reader.TryRead(out var next))
                {
                    batch.Add((++_lastEventSequence, next));
                }

                var posted = new HashSet<(string, int)>();
                foreach (var (pending, duplicate) in disorder?.Arrange(batch) ?? [(first, false)])
                {
                    await WhenReleasedAsync().ConfigureAwait(false);
                    var key = (pending.SubscriptionId, pending.NotificationId);
                    if (!duplicate && await PostNewEventAsync(pending).ConfigureAwait(false))
                    {
                        posted.Add(key);
                    }
                    else if (duplicate && posted.Contains(key))
                    {
                        await PostAndApplyRulesAsync(new ScheduledPost(pending, WebhookDeliveryKind.Duplicate, Version: -1, RetryNumber: 0), _stopping.Token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed: undelivered webhooks are dropped, as a stopped service would drop them.
        }
    }

    /// <summary>Posts retries and probation retries as they come due, unless the subscription's status changed since they were scheduled.</summary>
    private async Task DeliverDuePostsAsync()
    {
        try
        {
            await foreach (var due in _duePosts.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                await WhenReleasedAsync().ConfigureAwait(false);
                if (Organization.DeliveryState(due.Pending.SubscriptionId).Version != due.Version)
                {
                    RecordLost(due.Pending, WebhookEventLossReason.Abandoned);
                    continue;
                }

                await PostAndApplyRulesAsync(due, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed: scheduled retries are dropped with the rest.
        }
    }

    /// <summary>The first post of an event, when its subscription is enabled; on probation (or gone) the event is lost unsent.</summary>
    /// <returns>Whether it was posted.</returns>
    private async Task<bool> PostNewEventAsync(PendingDelivery pending)
    {
        var (status, version) = Organization.DeliveryState(pending.SubscriptionId);
        if (status != "enabled")
        {
            RecordLost(pending, status == "onProbation" ? WebhookEventLossReason.SubscriptionOnProbation : WebhookEventLossReason.SubscriptionUnavailable);
            return false;
        }

        lock (_gate)
        {
            _sentEvents[(pending.SubscriptionId, pending.NotificationId)] = new SentEvent(pending);
        }

        await PostAndApplyRulesAsync(new ScheduledPost(pending, WebhookDeliveryKind.First, version, RetryNumber: 0), _stopping.Token).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// One post, recorded; for a first post, retry or probation retry, Azure DevOps' rules then decide
    /// the subscription's status and the next post (scheduled before the record is added, so that a test
    /// that sees the record can advance a fake clock past <see cref="WebhookDelivery.NextAttemptAt"/>).
    /// Duplicates and redeliveries change nothing.
    /// </summary>
    private async Task<WebhookDelivery> PostAndApplyRulesAsync(ScheduledPost post, CancellationToken cancellationToken)
    {
        var pending = post.Pending;
        int attempt;
        lock (_gate)
        {
            attempt = ++_sentEvents[(pending.SubscriptionId, pending.NotificationId)].Attempts;
        }

        var attemptedAt = _options.TimeProvider.GetUtcNow();
        var answer = await SendAsync(pending, cancellationToken).ConfigureAwait(false);
        DateTimeOffset? next = null;
        var abandoned = false;
        if (post.Kind is WebhookDeliveryKind.First or WebhookDeliveryKind.Retry or WebhookDeliveryKind.ProbationRetry)
        {
            var schedule = _options.DeliverySchedule;
            var verdict = Organization.RecordDeliveryOutcome(
                pending.SubscriptionId,
                post.Version,
                probationRetry: post.Kind == WebhookDeliveryKind.ProbationRetry,
                answer.Status,
                retriesLeft: post.RetryNumber < schedule.RetryDelays.Count,
                schedule.ProbationRetryDelays.Count,
                attemptedAt);
            next = verdict.Step switch
            {
                DeliveryStep.Retry => Schedule(post with { Kind = WebhookDeliveryKind.Retry, RetryNumber = post.RetryNumber + 1 }, schedule.RetryDelays[post.RetryNumber]),
                DeliveryStep.ProbationRetry => Schedule(
                    new ScheduledPost(pending, WebhookDeliveryKind.ProbationRetry, verdict.Version, RetryNumber: 0), schedule.ProbationRetryDelays[verdict.ProbationRetries]),
                _ => null,
            };
            abandoned = verdict.Step == DeliveryStep.Abandoned;
        }

        var delivery = new WebhookDelivery(
            pending.SubscriptionId, pending.NotificationId, pending.EventType, pending.WorkItemId, pending.Revision,
            pending.Url, pending.Payload, [.. pending.Headers.Select(h => h.Key)], answer.Status, answer.Error)
        {
            ResponseBody = answer.Body,
            ResponseHeaders = answer.Headers,
            Kind = post.Kind,
            Attempt = attempt,
            AttemptedAt = attemptedAt,
            NextAttemptAt = next,
        };
        AddRecord(_deliveries, delivery);
        if (abandoned)
        {
            RecordLost(pending, WebhookEventLossReason.Abandoned);
        }

        return delivery;
    }

    /// <summary>Queues <paramref name="post"/> for the due-post loop after <paramref name="delay"/> on the emulator's clock.</summary>
    /// <returns>When it is due.</returns>
    private DateTimeOffset Schedule(ScheduledPost post, TimeSpan delay)
    {
        var due = _options.TimeProvider.GetUtcNow() + delay;
        _ = QueueWhenDueAsync(post, delay);
        return due;
    }

    private async Task QueueWhenDueAsync(ScheduledPost post, TimeSpan delay)
    {
        try
        {
            // The timer is made before this method first yields, so the wait starts now on a fake clock too.
            await Task.Delay(delay, _options.TimeProvider, _stopping.Token).ConfigureAwait(false);
            _duePosts.Writer.TryWrite(post);
        }
        catch (OperationCanceledException)
        {
            // Disposed before it came due.
        }
    }

    private async Task WhenReleasedAsync()
    {
        Task released;
        lock (_gate)
        {
            released = _deliveriesReleased.Task;
        }

        await released.WaitAsync(_stopping.Token).ConfigureAwait(false);
    }

    /// <summary>One HTTP post: the status, headers and start of the body, or why no answer came.</summary>
    private async Task<ReceiverAnswer> SendAsync(PendingDelivery pending, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, pending.Url)
        {
            Content = new StringContent(pending.Payload, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in pending.Headers)
        {
            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Authorization = AuthenticationHeaderValue.Parse(value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await _webhookClient.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                headers[name] = string.Join(", ", values);
            }

            return new((int)response.StatusCode, body.Length > MaxResponseBodyChars ? body[..MaxResponseBodyChars] : body, headers, null);
        }
        catch (HttpRequestException ex)
        {
            return new(null, null, new Dictionary<string, string>(), ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, null, new Dictionary<string, string>(), $"No answer within {_options.WebhookTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private void ReleaseHold()
    {
        TaskCompletionSource? released = null;
        lock (_gate)
        {
            if (--_holds == 0)
            {
                released = _deliveriesReleased;
            }
        }

        released?.TrySetResult();
    }

    /// <summary>One <see cref="HoldDeliveries"/> scope; disposing it twice releases once.</summary>
    private sealed class DeliveryHold(VstsEmulator emulator) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                emulator.ReleaseHold();
            }
        }
    }

    /// <summary>A post to make: which kind, under which subscription status version, and which retry it is.</summary>
    private sealed record ScheduledPost(PendingDelivery Pending, WebhookDeliveryKind Kind, int Version, int RetryNumber);

    /// <summary>What a receiver answered, or why nothing came.</summary>
    private sealed record ReceiverAnswer(int? Status, string? Body, IReadOnlyDictionary<string, string> Headers, string? Error);

    /// <summary>An event posted at least once: what to post again, and how many posts so far.</summary>
    private sealed class SentEvent(PendingDelivery pending)
    {
        public PendingDelivery Pending { get; } = pending;

        public int Attempts { get; set; }
    }
}
