using System.Text.Json;

namespace IssueSync.Sdk.Testing;

/// <summary>A project of the emulated organization.</summary>
/// <param name="Id">The project id (a GUID).</param>
/// <param name="Name">The project name; also the root of its area and iteration paths.</param>
/// <param name="Description">The description.</param>
public sealed record EmulatedProject(string Id, string Name, string? Description = null)
{
    /// <summary>
    /// The project's process: its work item types, states, categories and field rules. <see cref="VstsEmulatedProcess.Agile"/>
    /// unless the project was added with <see cref="EmulatedOrganization.AddProject(string, VstsEmulatedProcess, string?)"/>.
    /// </summary>
    public VstsEmulatedProcess Process { get; init; } = VstsEmulatedProcess.Agile;
}

/// <summary>A user of the emulated organization, as Graph and identity fields show it.</summary>
/// <param name="Id">The identity id (a GUID): what webhooks carry as <c>revisedBy.id</c>.</param>
/// <param name="Descriptor">The Graph subject descriptor, e.g. <c>aad.…</c>.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="MailAddress">The email; empty for service identities.</param>
/// <param name="PrincipalName">The sign-in name (the email for people; the display name for service identities).</param>
public sealed record EmulatedUser(string Id, string Descriptor, string DisplayName, string MailAddress, string PrincipalName)
{
    /// <summary>The <c>"Display Name &lt;email&gt;"</c> form of webhook payloads (resourceVersion 1.0).</summary>
    public string NameWithEmail => $"{DisplayName} <{(MailAddress.Length > 0 ? MailAddress : PrincipalName)}>";

    /// <summary>The unique name identity fields carry: the email, or the principal name when there is none.</summary>
    public string UniqueName => MailAddress.Length > 0 ? MailAddress : PrincipalName;
}

/// <summary>
/// A snapshot of an emulated work item at its latest revision. Identity fields
/// (<c>System.AssignedTo</c>, <c>System.CreatedBy</c>, <c>System.ChangedBy</c>) hold the user's
/// unique name (email) here; the REST answers show them as IdentityRef objects.
/// </summary>
/// <param name="Id">The work item number.</param>
/// <param name="Revision">The latest revision (<c>rev</c>).</param>
/// <param name="ProjectId">The project id.</param>
/// <param name="Fields">Every field of the latest revision.</param>
/// <param name="Relations">The current relations.</param>
/// <param name="IsDeleted">Whether the work item is in the recycle bin.</param>
public sealed record EmulatedWorkItem(
    int Id,
    int Revision,
    string ProjectId,
    IReadOnlyDictionary<string, JsonElement> Fields,
    IReadOnlyList<EmulatedRelation> Relations,
    bool IsDeleted)
{
    /// <summary><c>System.Title</c>.</summary>
    public string? Title => GetString("System.Title");

    /// <summary><c>System.State</c>.</summary>
    public string? State => GetString("System.State");

    /// <summary><c>System.WorkItemType</c>.</summary>
    public string? WorkItemType => GetString("System.WorkItemType");

    /// <summary><c>System.AssignedTo</c>: the assignee's unique name (email), or <see langword="null"/>.</summary>
    public string? AssignedTo => GetString("System.AssignedTo");

    /// <summary><c>System.Tags</c> split on <c>;</c>.</summary>
    public IReadOnlyList<string> Tags =>
        GetString("System.Tags") is { Length: > 0 } tags ? tags.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];

    /// <summary>A field as text: strings as they are, numbers and booleans as JSON prints them.</summary>
    /// <param name="referenceName">The field reference name.</param>
    /// <returns>The text, or <see langword="null"/> when absent or not a scalar.</returns>
    public string? GetString(string referenceName) =>
        Fields.TryGetValue(referenceName, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;
}

/// <summary>A relation of an emulated work item.</summary>
/// <param name="Rel">The relation type, e.g. <c>Hyperlink</c>.</param>
/// <param name="Url">The target.</param>
/// <param name="Comment">The link comment, if any.</param>
public sealed record EmulatedRelation(string Rel, string Url, string? Comment);

/// <summary>A comment of an emulated work item (Comments API, or <c>System.History</c>).</summary>
/// <param name="Id">The comment id (unique in the organization).</param>
/// <param name="WorkItemId">The work item.</param>
/// <param name="Version">1 when added, one more per edit.</param>
/// <param name="Text">The text as written.</param>
/// <param name="Format"><c>markdown</c> or <c>html</c>.</param>
/// <param name="CreatedBy">Who added it.</param>
/// <param name="IsDeleted">Whether it was deleted.</param>
public sealed record EmulatedComment(int Id, int WorkItemId, int Version, string Text, string Format, EmulatedUser CreatedBy, bool IsDeleted);

/// <summary>A service-hook subscription of the emulated organization.</summary>
/// <param name="Id">The subscription id.</param>
/// <param name="EventType">The event, e.g. <c>workitem.updated</c>.</param>
/// <param name="Status">The status, e.g. <c>enabled</c> or <c>disabledBySystem</c>.</param>
/// <param name="Url">The consumer URL deliveries are posted to.</param>
/// <param name="PublisherInputs">The publisher inputs as stored (with <c>tfsSubscriptionId</c> added).</param>
public sealed record EmulatedSubscription(string Id, string EventType, string Status, string? Url, IReadOnlyDictionary<string, string> PublisherInputs)
{
    /// <summary>How many probation retries have been made since the subscription last went on probation (<c>probationRetries</c>); 0 once enabled again.</summary>
    public int ProbationRetries { get; init; }

    /// <summary>When the last probation retry was made (<c>lastProbationRetryDate</c>), if ever.</summary>
    public DateTimeOffset? LastProbationRetryDate { get; init; }
}

/// <summary>One request the emulator answered. The <c>Authorization</c> header is never recorded.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query as sent, e.g. <c>/emulated/_apis/projects?continuationToken=2</c>.</param>
/// <param name="StatusCode">The status the client received; 0 when a fault reset the connection without an answer.</param>
/// <param name="ApiVersion">The api-version the request asked for (Accept header or query), if any.</param>
public sealed record EmulatedRequest(string Method, string PathAndQuery, int StatusCode, string? ApiVersion)
{
    /// <summary>The fault a <see cref="FaultRule"/> played on this request, or <see langword="null"/> when none fired.</summary>
    public EmulatorFault? Fault { get; init; }

    /// <summary>
    /// The status the emulator's processing of the request came to (routing, api-version, the endpoint), which a
    /// fault after processing hides from the client. <see langword="null"/> when the request was not processed:
    /// refused before (unknown organization, no valid credentials), failed by a fault before processing, or a
    /// late commit not applied yet (the entry is replaced when it is).
    /// </summary>
    public int? ProcessedStatusCode { get; init; }

    /// <summary>
    /// Whether the emulator processed the request successfully (a write was applied) but the client did not get
    /// that answer: a reset, a 5xx, a held or a malformed answer after processing, or a late commit.
    /// </summary>
    public bool SucceededButAnswerLost => Fault is { LosesAnswer: true } && ProcessedStatusCode is >= 200 and < 300;
}

/// <summary>
/// One post of a webhook and what the receiver answered: a first post, a retry, a probation retry, a
/// duplicate or a redelivery (<see cref="Kind"/>). Azure DevOps' rules decide what follows a failure:
/// see <see cref="VstsEmulatorOptions.DeliverySchedule"/>.
/// </summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="NotificationId">The notification id, counting up per subscription from 1.</param>
/// <param name="EventType">The event type.</param>
/// <param name="WorkItemId">The work item the event is about.</param>
/// <param name="Revision">The work item revision the event is about.</param>
/// <param name="Url">Where it was posted.</param>
/// <param name="Payload">The JSON body posted.</param>
/// <param name="HeaderNames">The names of the extra headers sent (from <c>httpHeaders</c> and basic auth); values are never recorded.</param>
/// <param name="StatusCode">The receiver's answer, or <see langword="null"/> when none came.</param>
/// <param name="Error">Why no answer came, when none did.</param>
public sealed record WebhookDelivery(
    string SubscriptionId,
    int NotificationId,
    string EventType,
    int WorkItemId,
    int Revision,
    string Url,
    string Payload,
    IReadOnlyList<string> HeaderNames,
    int? StatusCode,
    string? Error)
{
    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the receiver answered 2xx.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>Why this post was made: first post, retry, probation retry, duplicate or redelivery.</summary>
    public WebhookDeliveryKind Kind { get; init; }

    /// <summary>Which post of the event this is, from 1: retries, probation retries, duplicates and redeliveries each count.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>When the post was made, on the emulator's clock (<see cref="VstsEmulatorOptions.TimeProvider"/>).</summary>
    public DateTimeOffset AttemptedAt { get; init; }

    /// <summary>
    /// When the next post of the event (a retry or probation retry) is due, on the emulator's clock;
    /// <see langword="null"/> when none follows. Advance a fake clock to it to make that post.
    /// </summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>
    /// The headers the receiver answered (response and content headers, e.g. <c>Retry-After</c>),
    /// values of a repeated header joined with <c>", "</c>; empty when no answer came.
    /// </summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get; init; } = EmptyHeaders;

    /// <summary>
    /// The body the receiver answered (its first 4,096 characters), as Azure DevOps keeps it in the
    /// subscription's history; <see langword="null"/> when no answer came.
    /// </summary>
    public string? ResponseBody { get; init; }

    /// <summary>
    /// The outcome the SDK's webhook endpoint (<c>MapVstsWebhook</c>) answered, e.g. <c>Applied</c>,
    /// <c>Echo</c>, <c>Ignored</c> or <c>Unauthorized</c>: the <c>outcome</c> of <see cref="ResponseBody"/>;
    /// <see langword="null"/> when the body is not such an answer.
    /// </summary>
    public string? Outcome
    {
        get
        {
            if (string.IsNullOrEmpty(ResponseBody))
            {
                return null;
            }

            try
            {
                using var json = JsonDocument.Parse(ResponseBody);
                return json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("outcome", out var outcome)
                    && outcome.ValueKind == JsonValueKind.String
                    ? outcome.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
