namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// The shared secrets Azure DevOps sends with each webhook delivery. During a rotation both the
/// current and the previous secret are accepted. <see cref="ToString"/> never shows them.
/// </summary>
/// <param name="Current">The secret new subscriptions carry.</param>
/// <param name="Previous">The secret before the last rotation, still accepted until the rotation completes.</param>
public sealed record VstsWebhookSecrets(string Current, string? Previous = null)
{
    /// <summary>Redacted: secrets are never printed.</summary>
    /// <returns>A description without the secrets.</returns>
    public override string ToString() =>
        $"VstsWebhookSecrets {{ Current = ***, Previous = {(Previous is null ? "(none)" : "***")} }}";
}
