namespace IssueSync.Sdk.Subscriptions;

/// <summary>
/// The settings the subscription lifecycle reads. Produced from <see cref="VstsIssueSyncOptions"/>
/// by the DI layer and read through <c>IOptionsMonitor</c>, so a configuration reload reaches the
/// next subscription written.
/// </summary>
internal sealed class VstsSubscriptionOptions
{
    /// <summary>
    /// The header that carries the shared secret in every delivery, written into each
    /// subscription's <c>httpHeaders</c> (<c>IssueSync:Vsts:Webhook:SecretHeaderName</c>, the
    /// header the inbound handler checks).
    /// </summary>
    public required string SecretHeaderName { get; init; }
}
