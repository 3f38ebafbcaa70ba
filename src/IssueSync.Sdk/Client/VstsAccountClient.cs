using System.Net.Http.Headers;
using System.Text.Json;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Diagnostics;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Client;

/// <summary>
/// <see cref="IVstsAccountClient"/> over the SDK's named client. Requests carry no connection, so
/// the authentication handler attaches nothing, except the account calls that name their credential
/// for <c>app.vssps.visualstudio.com</c>.
/// </summary>
internal sealed class VstsAccountClient(IHttpClientFactory httpClientFactory, IOptionsMonitor<VstsClientOptions> options) : IVstsAccountClient
{
    private readonly VstsUserAgentSource _userAgent = new(options);

    public Task<Uri> GetOrganizationUrlByIdAsync(string organizationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        return Traced("Accounts.GetOrganizationUrlById", null, () => ResolveAsync(VstsApiPaths.AccountsBaseUrl, VstsResourceAreaIds.Core, default(VstsQuery).Add("hostId", organizationId), cancellationToken));
    }

    public Task<Uri> GetOrganizationUrlByNameAsync(string organizationName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationName);
        return Traced("Accounts.GetOrganizationUrlByName", null, () => ResolveAsync(VstsApiPaths.AccountsBaseUrl, VstsResourceAreaIds.Core, default(VstsQuery).Add("accountName", organizationName), cancellationToken));
    }

    public Task<Uri> GetAreaUrlAsync(Uri organizationUrl, VstsResourceArea area, CancellationToken cancellationToken = default)
    {
        var baseUrl = VstsConnection.NormalizeOrganizationUrl(organizationUrl, nameof(organizationUrl));
        if (area.Value.Length == 0)
        {
            throw new ArgumentException("Name a resource area, e.g. VstsResourceArea.Graph; the default value has no id.", nameof(area));
        }

        return Traced("Accounts.GetAreaUrl", baseUrl, () => ResolveAsync(baseUrl, area.Value, default, cancellationToken));
    }

    public Task<IReadOnlyList<VstsAccount>> GetAccountsAsync(VstsCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Traced("Accounts.GetAccounts", null, () => GetAccountsCoreAsync(credential, cancellationToken));
    }

    private async Task<IReadOnlyList<VstsAccount>> GetAccountsCoreAsync(VstsCredential credential, CancellationToken cancellationToken)
    {
        const string profileOperation = "Accounts.GetProfile";
        const string accountsOperation = "Accounts.List";

        using var profile = await GetJsonAsync(
            VstsApiPaths.AccountsBaseUrl,
            VstsApiPaths.ProfileMe, default(VstsQuery).Add("api-version", VstsApiVersions.Profile), VstsApiVersions.Profile, profileOperation, credential, cancellationToken).ConfigureAwait(false);
        var memberId = StringProperty(profile.RootElement, "id")
            ?? throw MissingProperty(profileOperation, "id");

        using var accounts = await GetJsonAsync(
            VstsApiPaths.AccountsBaseUrl,
            VstsApiPaths.Accounts,
            default(VstsQuery).Add("memberId", memberId).Add("api-version", VstsApiVersions.Accounts),
            VstsApiVersions.Accounts,
            accountsOperation,
            credential,
            cancellationToken).ConfigureAwait(false);

        // The API answers {"count": n, "value": [...]}; a bare array is accepted too.
        var root = accounts.RootElement;
        var list = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out var value) ? value : root;
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw MissingProperty(accountsOperation, "value");
        }

        var result = new List<VstsAccount>();
        foreach (var item in list.EnumerateArray())
        {
            if (StringProperty(item, "accountId") is { } id && StringProperty(item, "accountName") is { } name)
            {
                result.Add(new VstsAccount(id, name, StringProperty(item, "accountUri")));
            }
        }

        return result;
    }

    /// <summary>
    /// Runs one public operation in one span (no connection: the organization is tagged when
    /// known). Failures are traced, not logged, as before spans existed here.
    /// </summary>
    private static Task<T> Traced<T>(string operation, Uri? organizationUrl, Func<Task<T>> call) =>
        VstsOperationScope.RunAsync(operation, organizationUrl, workItemId: null, logger: null, call);

    private async Task<Uri> ResolveAsync(Uri baseUrl, string areaId, VstsQuery query, CancellationToken cancellationToken)
    {
        const string operation = "ResourceAreas.Get";
        query = query.Add("api-version", VstsApiVersions.ResourceAreas);
        using var document = await GetJsonAsync(
            baseUrl, VstsApiPaths.ResourceArea(areaId), query, VstsApiVersions.ResourceAreas, operation, credential: null, cancellationToken).ConfigureAwait(false);
        var location = StringProperty(document.RootElement, "locationUrl");
        if (location is null || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || VstsConnection.DescribeProblem(uri) is not null)
        {
            throw MissingProperty(operation, "locationUrl");
        }

        return VstsConnection.NormalizeOrganizationUrl(uri);
    }

    /// <summary>GETs a JSON document; <paramref name="credential"/> goes only to the accounts host (anonymous when null: no connection is attached).</summary>
    private async Task<JsonDocument> GetJsonAsync(
        Uri baseUrl,
        string relative, VstsQuery query, string apiVersion, string operation, VstsCredential? credential, CancellationToken cancellationToken)
    {
        using var request = VstsRequestSender.CreateMessage(
            new VstsRequest(HttpMethod.Get, new Uri(baseUrl, relative + query.ToString()), apiVersion, operation, IsIdempotent: true),
            _userAgent.Current);
        if (credential is not null)
        {
            request.Options.Set(VstsAuthenticationHandler.AccountCredential, credential);
        }

        var http = httpClientFactory.CreateClient(VstsClientOptions.HttpClientName);
        var response = await VstsRequestSender.SendMessageAsync(http, request, operation, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            await VstsResponseClassifier.EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new VstsApiException($"Azure DevOps answered {operation} with success, but the body is not JSON.", VstsErrorKind.InvalidResponse, response.StatusCode, operation: operation, innerException: ex);
            }
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    private static VstsApiException MissingProperty(string operation, string property) =>
        new($"Azure DevOps answered {operation} with success, but without a usable '{property}'.", VstsErrorKind.InvalidResponse, operation: operation);
}
