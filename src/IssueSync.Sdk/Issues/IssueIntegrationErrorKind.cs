namespace IssueSync.Sdk.Issues;

/// <summary>Why an <see cref="IssueIntegrationException"/> was thrown.</summary>
public enum IssueIntegrationErrorKind
{
    /// <summary>
    /// The form or request is invalid: a required value is missing, Azure DevOps rejected a field
    /// (<c>TF401320</c>), or a search was rejected. <see cref="IssueIntegrationException.FieldErrors"/>
    /// names the fields when known; show them next to the form.
    /// </summary>
    Validation = 0,

    /// <summary>
    /// The installation kept changing under a compare-and-set save (another writer won every attempt).
    /// Retrying later will normally succeed.
    /// </summary>
    Conflict,

    /// <summary>The installation could not be read back from the host's <see cref="Abstractions.IIntegrationStore"/>.</summary>
    InstallationNotFound,
}
