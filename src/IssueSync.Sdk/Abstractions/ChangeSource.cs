namespace IssueSync.Sdk.Abstractions;

/// <summary>
/// Marks a change the SDK applies to the host as coming from one Azure DevOps integration, so the
/// host can skip syncing that same change back out (the loop the reference integration prevents
/// with its assignment source).
/// </summary>
/// <param name="IntegrationId">The host's id of the installation the change came from.</param>
public readonly record struct ChangeSource(string IntegrationId)
{
    /// <summary>The marker for a change that came in from <paramref name="integrationId"/>.</summary>
    /// <param name="integrationId">The installation's integration id.</param>
    /// <returns>The marker.</returns>
    public static ChangeSource FromIntegration(string integrationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationId);
        return new ChangeSource(integrationId);
    }
}
