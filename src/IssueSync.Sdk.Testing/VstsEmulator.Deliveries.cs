using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

// Webhook deliveries: the outbox, holds and the posting of each delivery.
public sealed partial class VstsEmulator
{
    /// <summary>
    /// Holds webhook deliveries until the returned scope is disposed (scopes nest: deliveries resume when
    /// the last one is disposed). Azure DevOps delivers a while after a change, from a background job;
    /// the emulator delivers at once. Hold to let the code that made a change finish what it does after
    /// the change's REST answer before the webhooks arrive, or to let several changes queue up. Changes
    /// made meanwhile are still queued, in order; a delivery already being posted is not held back.
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

    /// <summary>Waits until a delivery matching <paramref name="predicate"/> has completed.</summary>
    /// <param name="predicate">Which delivery to wait for.</param>
    /// <param name="cancellationToken">Ends the wait (use a timeout).</param>
    /// <returns>The first matching delivery.</returns>
    public async Task<WebhookDelivery> WaitForDeliveryAsync(Func<WebhookDelivery, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (true)
        {
            Task added;
            lock (_gate)
            {
                if (_deliveries.Find(d => predicate(d)) is { } found)
                {
                    return found;
                }

                added = _deliveryAdded.Task;
            }

            await added.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync()
    {
        try
        {
            await foreach (var pending in _outbox.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                Task released;
                lock (_gate)
                {
                    released = _deliveriesReleased.Task;
                }

                await released.WaitAsync(_stopping.Token).ConfigureAwait(false);
                var (status, body, error) = await PostAsync(pending).ConfigureAwait(false);
                Organization.RecordDeliveryOutcome(pending.SubscriptionId, status);
                var delivery = new WebhookDelivery(
                    pending.SubscriptionId, pending.NotificationId, pending.EventType, pending.WorkItemId, pending.Revision,
                    pending.Url, pending.Payload, [.. pending.Headers.Select(h => h.Key)], status, error)
                {
                    ResponseBody = body,
                };
                TaskCompletionSource added;
                lock (_gate)
                {
                    _deliveries.Add(delivery);
                    added = _deliveryAdded;
                    _deliveryAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                added.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed: undelivered webhooks are dropped, as a stopped service would drop them.
        }
    }

    /// <summary>One attempt, no retries: the status and the start of the body, or why there was none.</summary>
    private async Task<(int? Status, string? Body, string? Error)> PostAsync(PendingDelivery pending)
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
            using var response = await _webhookClient.SendAsync(message, _stopping.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(_stopping.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, body.Length > MaxResponseBodyChars ? body[..MaxResponseBodyChars] : body, null);
        }
        catch (HttpRequestException ex)
        {
            return (null, null, ex.Message);
        }
        catch (TaskCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return (null, null, $"No answer within {_options.WebhookTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
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
}
