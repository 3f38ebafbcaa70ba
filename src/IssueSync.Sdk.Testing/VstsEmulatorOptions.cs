namespace IssueSync.Sdk.Testing;

/// <summary>How a <see cref="VstsEmulator"/> seeds its organization and behaves.</summary>
public sealed class VstsEmulatorOptions
{
    private static readonly System.Buffers.SearchValues<char> NotInSegment = System.Buffers.SearchValues.Create("/\\?#% ");

    /// <summary>The organization name: the first path segment of the organization URL. Default <c>emulated</c>.</summary>
    public string OrganizationName { get; set; } = "emulated";

    /// <summary>The organization (collection) id; a new GUID by default.</summary>
    public Guid OrganizationId { get; set; } = Guid.NewGuid();

    /// <summary>The personal access token the emulator accepts; a new random one by default.</summary>
    public string PersonalAccessToken { get; set; } = "emulator-" + Guid.NewGuid().ToString("N");

    /// <summary>How many projects to seed, named <c>Project 1</c>, <c>Project 2</c>, …. Default 2.</summary>
    public int ProjectCount { get; set; } = 2;

    /// <summary>How many users to add beyond the seeded ones, named <c>User n</c> (<c>usern@example.com</c>). Default 0.</summary>
    public int AdditionalUsers { get; set; }

    /// <summary>The display name of the user the token belongs to.</summary>
    public string AuthenticatedUserDisplayName { get; set; } = "IssueSync Emulator";

    /// <summary>The email of the user the token belongs to.</summary>
    public string AuthenticatedUserMailAddress { get; set; } = "issuesync-emulator@example.com";

    /// <summary>The page size of the projects list when the request has no <c>$top</c> (Azure DevOps: 100).</summary>
    public int ProjectsPageSize { get; set; } = 100;

    /// <summary>
    /// The batch size of the reporting revisions feed when the request has no <c>$maxPageSize</c>. An assumption:
    /// the documentation states no default; 200 here.
    /// </summary>
    public int ReportingRevisionsPageSize { get; set; } = 200;

    /// <summary>
    /// The largest batch the reporting revisions feed returns; a larger <c>$maxPageSize</c> is cut to it. An
    /// assumption: the documentation states no maximum; 1000 here.
    /// </summary>
    public int ReportingRevisionsMaxPageSize { get; set; } = 1000;

    /// <summary>The page size of Graph users (Azure DevOps pages them by its own measure; the token is the only end marker).</summary>
    public int GraphUsersPageSize { get; set; } = 100;

    /// <summary>How long a webhook delivery may take before it is recorded as failed. Default 10 s.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The clock of revision, comment and subscription dates, of OAuth code and token expiry, and of
    /// webhook retries and probation retries (<see cref="DeliverySchedule"/>): with a <c>FakeTimeProvider</c>,
    /// advance it to make them come due. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long an OAuth access token the emulator issues lasts (<c>expires_in</c>), on
    /// <see cref="TimeProvider"/>. Default 1 hour, as Entra ID and Azure DevOps OAuth give about an hour.
    /// </summary>
    public TimeSpan OAuthAccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an OAuth refresh token lasts unless rotated or revoked first. Default 90 days (Entra ID's inactivity limit).</summary>
    public TimeSpan OAuthRefreshTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long an authorization code can be redeemed. Default 10 minutes (Entra ID's).</summary>
    public TimeSpan OAuthAuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// When failed webhook posts are tried again, on <see cref="TimeProvider"/>. Default
    /// <see cref="WebhookDeliverySchedule.AzureDevOps"/>: 8 retries of a transient failure over about
    /// 3 minutes, 7 probation retries over about 36 hours. Shorten it with <see cref="WebhookDeliverySchedule.ScaledBy"/>
    /// on a real clock.
    /// </summary>
    public WebhookDeliverySchedule DeliverySchedule { get; set; } = WebhookDeliverySchedule.AzureDevOps;

    /// <summary>Seeded duplication and reordering of webhook deliveries; <see langword="null"/> (the default) for none.</summary>
    public WebhookDisorder? DeliveryDisorder { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(OrganizationName, nameof(OrganizationName));
        if (OrganizationName.AsSpan().IndexOfAny(NotInSegment) >= 0)
        {
            throw new ArgumentException("The organization name must be one URL path segment without spaces.", nameof(OrganizationName));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(PersonalAccessToken, nameof(PersonalAccessToken));
        ArgumentOutOfRangeException.ThrowIfNegative(ProjectCount, nameof(ProjectCount));
        ArgumentOutOfRangeException.ThrowIfNegative(AdditionalUsers, nameof(AdditionalUsers));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ProjectsPageSize, nameof(ProjectsPageSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReportingRevisionsPageSize, nameof(ReportingRevisionsPageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReportingRevisionsMaxPageSize, ReportingRevisionsPageSize, nameof(ReportingRevisionsMaxPageSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GraphUsersPageSize, nameof(GraphUsersPageSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WebhookTimeout, TimeSpan.Zero, nameof(WebhookTimeout));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        // Whole seconds: expires_in is a number of seconds.
        ArgumentOutOfRangeException.ThrowIfLessThan(OAuthAccessTokenLifetime, TimeSpan.FromSeconds(1), nameof(OAuthAccessTokenLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OAuthRefreshTokenLifetime, TimeSpan.Zero, nameof(OAuthRefreshTokenLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OAuthAuthorizationCodeLifetime, TimeSpan.Zero, nameof(OAuthAuthorizationCodeLifetime));
        ArgumentNullException.ThrowIfNull(DeliverySchedule, nameof(DeliverySchedule));
    }
}
