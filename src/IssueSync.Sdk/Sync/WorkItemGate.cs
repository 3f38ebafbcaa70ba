namespace IssueSync.Sdk.Sync;

/// <summary>
/// Serialises the handling of deliveries for the same work item within this process, so the
/// watermark check, the apply and the watermark advance of one revision are not interleaved with
/// another revision's (revision 6 applied, then revision 5 applied over it). A fixed set of stripes:
/// memory stays bounded however many work items are seen; two items sharing a stripe only wait for
/// each other. Across host instances, the delivery store's atomic watermark is the guard.
/// </summary>
internal sealed class WorkItemGate
{
    private const int StripeCount = 64;

    private readonly SemaphoreSlim[] _stripes = CreateStripes();

    /// <summary>Waits for the work item's stripe.</summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The work item.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A lease; dispose it to let the next delivery in.</returns>
    public ValueTask<Lease> EnterAsync(string organizationId, int workItemId, CancellationToken cancellationToken)
    {
        var hash = HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(organizationId), workItemId);
        var stripe = _stripes[(uint)hash % StripeCount];

        // A free stripe (the usual case) is taken without a state machine; a cancelled token still throws.
        cancellationToken.ThrowIfCancellationRequested();
        return stripe.Wait(0, CancellationToken.None) ? ValueTask.FromResult(new Lease(stripe)) : WaitAsync(stripe, cancellationToken);

        static async ValueTask<Lease> WaitAsync(SemaphoreSlim stripe, CancellationToken cancellationToken)
        {
            await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Lease(stripe);
        }
    }

    private static SemaphoreSlim[] CreateStripes()
    {
        var stripes = new SemaphoreSlim[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new SemaphoreSlim(1, 1);
        }

        return stripes;
    }

    /// <summary>Held while one delivery of a work item is handled.</summary>
    internal readonly struct Lease(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe?.Release();
    }
}
