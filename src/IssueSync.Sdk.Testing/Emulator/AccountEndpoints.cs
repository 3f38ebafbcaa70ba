using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>One call to a deployment-level route: the caller is <see langword="null"/> on anonymous routes.</summary>
internal sealed record AccountCall(HttpContext Http, EmulatedOrganization Organization, Uri BaseUrl, EmulatedUser? User, IReadOnlyDictionary<string, string> Values)
{
    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } value ? value : null;
}

/// <summary>A matched deployment-level route.</summary>
internal sealed record AccountRoute(bool Anonymous, bool PreviewOnly, Func<AccountCall, EmulatorAnswer> Handler, IReadOnlyDictionary<string, string> Values);

/// <summary>
/// What Azure DevOps serves outside an organization's own routes, with its answer shapes: Resource
/// Areas (<c>GET [{organization}/]_apis/resourceAreas/{areaId}</c>, anonymous), the caller's profile
/// (<c>GET _apis/profile/profiles/me</c>) and the organizations of a member or owner
/// (<c>GET _apis/accounts?memberId=|ownerId=</c>). In Azure DevOps Services the deployment-level ones
/// are on <c>app.vssps.visualstudio.com</c> (and <c>dev.azure.com</c>); the emulator serves them at its root.
/// </summary>
internal static class AccountEndpoints
{
    private const string ProfileAreaId = "8ccfef3d-2b87-4e99-8ccb-66e343d2daa8";

    /// <summary>The areas the emulator knows: every one it serves is on the organization URL, the profile area at the root.</summary>
    private static readonly (string Id, string Name)[] Areas =
    [
        ("79134c72-4a58-4b42-976c-04e7115f32bf", "core"),
        ("5264459e-e5e0-4bd8-b118-0985e68a4ec5", "wit"),
        ("4e40f190-2e3f-4d9f-8331-c7788e833080", "graph"),
        ("ea48a0a1-269c-42d8-b8ad-ddc8fcdcf578", "search"),
        (ProfileAreaId, "profile"),
    ];

    public static AccountRoute? Match(List<string> segments, string organizationName)
    {
        switch (segments)
        {
            case ["_apis", var resourceAreas, var areaId] when Is(resourceAreas, "resourceAreas"):
                return new(Anonymous: true, PreviewOnly: true, DeploymentResourceArea, Values("areaId", areaId));
            case [var organization, "_apis", var resourceAreas, var areaId] when Is(resourceAreas, "resourceAreas") && Is(organization, organizationName):
                return new(Anonymous: true, PreviewOnly: true, OrganizationResourceArea, Values("areaId", areaId));
            case ["_apis", var profile, var profiles, var me] when Is(profile, "profile") && Is(profiles, "profiles") && Is(me, "me"):
                return new(Anonymous: false, PreviewOnly: false, ProfileMe, Values());
            case ["_apis", var accounts] when Is(accounts, "accounts"):
                return new(Anonymous: false, PreviewOnly: false, ListAccounts, Values());
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>_apis/resourceAreas/{areaId}?accountName=|hostId=</c>: the area's location in that
    /// organization; with neither, the deployment's own (the emulator's root).
    /// </summary>
    private static EmulatorAnswer DeploymentResourceArea(AccountCall call)
    {
        var accountName = call.Query("accountName");
        var hostId = call.Query("hostId");
        if (accountName is null && hostId is null)
        {
            return Area(call, call.BaseUrl);
        }

        var organization = call.Organization;
        var matches = accountName is not null
            ? string.Equals(accountName, organization.Name, StringComparison.OrdinalIgnoreCase)
            : Guid.TryParse(hostId, out var id) && string.Equals(id.ToString("D"), organization.Id, StringComparison.OrdinalIgnoreCase);
        if (!matches)
        {
            throw new EmulatorError(404, $"No organization was found for {(accountName is not null ? "accountName '" + accountName + "'" : "hostId '" + hostId + "'")}.");
        }

        return Area(call, organization.Url);
    }

    /// <summary><c>{organization}/_apis/resourceAreas/{areaId}</c>: the area's location for this organization.</summary>
    private static EmulatorAnswer OrganizationResourceArea(AccountCall call) => Area(call, call.Organization.Url);

    private static EmulatorAnswer Area(AccountCall call, Uri organizationLocation)
    {
        var requested = call.Values["areaId"];
        var area = Array.Find(Areas, a => string.Equals(a.Id, requested, StringComparison.OrdinalIgnoreCase));
        if (area.Id is null)
        {
            throw new EmulatorError(404, $"The resource area '{requested}' was not found.");
        }

        // The profile area lives at the deployment root (app.vssps.visualstudio.com), the others with the organization.
        var location = area.Id == ProfileAreaId ? call.BaseUrl : organizationLocation;
        return EmulatorAnswer.Ok(new JsonObject { ["id"] = area.Id, ["name"] = area.Name, ["locationUrl"] = location.AbsoluteUri });
    }

    /// <summary>The caller's profile, as <c>GET _apis/profile/profiles/me</c> answers without <c>details</c>.</summary>
    private static EmulatorAnswer ProfileMe(AccountCall call)
    {
        var user = call.User!;
        return EmulatorAnswer.Ok(new JsonObject
        {
            ["displayName"] = user.DisplayName,
            ["publicAlias"] = user.Id,
            ["emailAddress"] = user.UniqueName,
            ["coreRevision"] = 1,
            ["timeStamp"] = EmulatorJson.Date(DateTimeOffset.UnixEpoch),
            ["id"] = user.Id,
            ["revision"] = 1,
        });
    }

    /// <summary>
    /// <c>_apis/accounts?memberId=|ownerId=</c>: the organization when the id is one of its users (for
    /// <c>ownerId</c>, its owner: the authenticated user); one of the two is required.
    /// </summary>
    private static EmulatorAnswer ListAccounts(AccountCall call)
    {
        var memberId = call.Query("memberId");
        var ownerId = call.Query("ownerId");
        if (memberId is null && ownerId is null)
        {
            throw EmulatorError.BadRequest("One of the query parameters memberId or ownerId is required.");
        }

        var organization = call.Organization;
        var listed = memberId is not null
            ? organization.Users.Any(u => string.Equals(u.Id, memberId, StringComparison.OrdinalIgnoreCase))
            : string.Equals(organization.AuthenticatedUser.Id, ownerId, StringComparison.OrdinalIgnoreCase);
        var accounts = listed
            ? new[]
            {
                (JsonNode)new JsonObject
                {
                    ["accountId"] = organization.Id,
                    ["accountUri"] = organization.Url.AbsoluteUri,
                    ["accountName"] = organization.Name,
                    ["properties"] = new JsonObject(),
                },
            }
            : [];
        return EmulatorAnswer.List(accounts);
    }

    private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string> Values(params string[] pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            values[pairs[i]] = pairs[i + 1];
        }

        return values;
    }
}
